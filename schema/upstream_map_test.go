package schema

// upstreamMethod names the definitions of the published 2026.9.1 document
// that describe a method's params and successful result; "" where the
// document has none (it defines no shape for many results, e.g. health,
// status, node.list), in which case only the frame is checked upstream;
// "Name[]" where the value is an array of Name.
type upstreamMethod struct {
	params, result string
}

// upstreamMethods maps every method a v4 fixture may name to its upstream
// definitions. A v4 fixture of a method missing here fails the test, so each
// new fixture makes the mapping an explicit decision.
var upstreamMethods = map[string]upstreamMethod{
	"connect":                     {"ConnectParams", "HelloOk"},
	"health":                      {},
	"status":                      {},
	"system-presence":             {"", "PresenceEntry[]"},
	"system-event":                {},
	"logs.tail":                   {"LogsTailParams", "LogsTailResult"},
	"gateway.identity.get":        {},
	"last-heartbeat":              {},
	"set-heartbeats":              {},
	"wake":                        {"WakeParams", ""},
	"config.get":                  {"ConfigGetParams", ""},
	"config.set":                  {"ConfigSetParams", ""},
	"config.patch":                {"ConfigPatchParams", ""},
	"config.apply":                {"ConfigApplyParams", ""},
	"config.schema":               {"ConfigSchemaParams", "ConfigSchemaResponse"},
	"device.pair.list":            {"DevicePairListParams", ""},
	"device.pair.approve":         {"DevicePairApproveParams", ""},
	"device.pair.reject":          {"DevicePairRejectParams", ""},
	"device.pair.remove":          {"DevicePairRemoveParams", ""},
	"device.token.rotate":         {"DeviceTokenRotateParams", "DeviceTokenRotateResult"},
	"device.token.revoke":         {"DeviceTokenRevokeParams", ""},
	"node.pair.list":              {"NodePairListParams", ""},
	"node.pair.approve":           {"NodePairApproveParams", ""},
	"node.pair.reject":            {"NodePairRejectParams", ""},
	"node.pair.remove":            {"NodePairRemoveParams", ""},
	"node.rename":                 {"NodeRenameParams", ""},
	"node.list":                   {"NodeListParams", ""},
	"node.describe":               {"NodeDescribeParams", ""},
	"node.invoke":                 {"NodeInvokeParams", ""},
	"node.invoke.result":          {"NodeInvokeResultParams", ""},
	"node.event":                  {"NodeEventParams", "NodeEventResult"},
	"node.pending.drain":          {"NodePendingDrainParams", "NodePendingDrainResult"},
	"node.pending.enqueue":        {"NodePendingEnqueueParams", "NodePendingEnqueueResult"},
	"node.pending.pull":           {},
	"node.pending.ack":            {"NodePendingAckParams", ""},
	"node.runnerInventory.update": {},
	"node.skills.update":          {"NodeSkillsUpdateParams", ""},
	"node.pluginTools.update":     {"NodePluginToolsUpdateParams", ""},
	"skills.bins":                 {"SkillsBinsParams", "SkillsBinsResult"},
	"exec.approval.request":       {"ExecApprovalRequestParams", ""},
	"exec.approval.resolve":       {"ExecApprovalResolveParams", ""},
	"exec.approval.get":           {"ExecApprovalGetParams", ""},
	"exec.approval.list":          {},
	"exec.approval.waitDecision":  {},
	"exec.approvals.get":          {"ExecApprovalsGetParams", "ExecApprovalsSnapshot"},
	"exec.approvals.set":          {"ExecApprovalsSetParams", "ExecApprovalsSnapshot"},
	"exec.approvals.node.get":     {"ExecApprovalsNodeGetParams", ""},
	"exec.approvals.node.set":     {"ExecApprovalsNodeSetParams", ""},
	"models.list":                 {"ModelsListParams", "ModelsListResult"},
	"models.authStatus":           {"ModelsAuthStatusParams", ""},
	"agents.list":                 {"AgentsListParams", "AgentsListResult"},
	"agent.identity.get":          {},
	"commands.list":               {"CommandsListParams", "CommandsListResult"},
	"agent":                       {"AgentParams", ""},
	"agent.wait":                  {"AgentWaitParams", ""},
	"chat.send":                   {"ChatSendParams", ""},
	"chat.history":                {"ChatHistoryParams", ""},
	"chat.abort":                  {"ChatAbortParams", ""},
	"chat.inject":                 {"ChatInjectParams", ""},
	"send":                        {"SendParams", ""},
	"sessions.list":               {"SessionsListParams", ""},
	"sessions.subscribe":          {},
	"sessions.patch":              {"SessionsPatchParams", ""},
	"sessions.reset":              {"SessionsResetParams", ""},
	"sessions.delete":             {"SessionsDeleteParams", "SessionsDeleteResult"},
	"sessions.compact":            {"SessionsCompactParams", ""},
	"sessions.usage":              {"SessionsUsageParams", ""},
	"usage.cost":                  {},
}

// upstreamEvents maps every event a v4 fixture may carry to the upstream
// definition of its payload ("" where the document defines none).
var upstreamEvents = map[string]string{
	"connect.challenge":       "",
	"tick":                    "TickEvent",
	"shutdown":                "ShutdownEvent",
	"presence":                "",
	"health":                  "",
	"heartbeat":               "",
	"agent":                   "AgentEvent",
	"chat":                    "ChatEvent",
	"sessions.changed":        "",
	"device.pair.requested":   "DevicePairRequestedEvent",
	"device.pair.resolved":    "DevicePairResolvedEvent",
	"node.pair.requested":     "",
	"node.pair.resolved":      "",
	"node.invoke.request":     "NodeInvokeRequestEvent",
	"exec.approval.requested": "",
	"exec.approval.resolved":  "",
	"voicewake.changed":       "",
	"update.available":        "",
}

// upstreamErrorDetails maps the details.code of an error reply to the
// upstream definition of its details ("" where the document defines none).
var upstreamErrorDetails = map[string]string{
	"MISSING_SCOPE":            "MissingScopeErrorDetails",
	"PROTOCOL_MISMATCH":        "",
	"AUTH_TOKEN_MISMATCH":      "",
	"AUTH_TOKEN_MISSING":       "",
	"PAIRING_REQUIRED":         "",
	"DEVICE_AUTH_INVALID":      "",
	"NOT_PAIRED":               "",
	"AUTH_RATE_LIMITED":        "",
	"DEVICE_IDENTITY_REQUIRED": "",
	"PAIRING_CHANGED":          "",
}

// aheadField is a field the running OpenClaw 2026.9.6 gateway sends (so
// gatewire's v4 view carries it) that the published 2026.9.1 document does
// not define yet. pointer is a path of member names inside the definition's
// value; "*" stands for every array item or object member.
type aheadField struct {
	definition string
	pointer    string
	why        string
}

// aheadOfUpstream is the explicit list of fields the upstream check removes
// before validating. Each entry must be removed from some v4 fixture, and
// the published document must reject the fixture while the field is there;
// the test says when an entry is stale.
var aheadOfUpstream = []aheadField{
	{"HelloOk", "/auth/method", "2026.9.6 says how the client authenticated (observed: \"token\"); 2026.9.1's auth object is closed without it"},
	{"HelloOk", "/controlUiLinkReaders", "2026.9.6 lists the Control UI's link readers beside controlUiWidgetKinds; 2026.9.1 does not define the key"},
	{"PresenceEntry", "/clientId", "2026.9.6 names the client id of a node's presence entry (observed: \"node-host\"); 2026.9.1's PresenceEntry is closed without it"},
	{"AgentEvent", "/sessionKey", "2026.9.6 names the run's session on every agent event (as v3 did); 2026.9.1's AgentEvent is closed without it"},
	{"AgentEvent", "/agentId", "2026.9.6 names the run's agent on every agent event; 2026.9.1's AgentEvent is closed without it"},
	{"AgentEvent", "/sessionId", "2026.9.6 adds the session id to lifecycle events; 2026.9.1's AgentEvent is closed without it"},
	{"HelloOk", "/snapshot/health/eventLoop/cpuBreakdown", "2026.9.6's event-loop health splits the CPU ratio by thread (hostCpuCount, mainThreadCoreRatio, ...); 2026.9.1's eventLoop is closed without it"},
}
