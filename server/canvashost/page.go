package canvashost

import (
	"bytes"
)

// reloadScript is added to every HTML page served with live reload on. It connects to the live-reload socket
// (carrying the page's capability on, from a scoped path or the oc_cap query) and reloads the page when told to.
// It also gives the page OpenClaw's action bridge names (openclawPostMessage, openclawSendUserAction,
// OpenClaw.postMessage, OpenClaw.sendUserAction), which hand a message to the node app's WebView handler
// "openclawCanvasA2UIAction" (iOS: webkit.messageHandlers, Android: a global object).
const reloadScript = `<script>
(function () {
  var handler = "openclawCanvasA2UIAction";
  function post(msg) {
    var text = typeof msg === "string" ? msg : JSON.stringify(msg);
    try {
      var ios = window.webkit && window.webkit.messageHandlers && window.webkit.messageHandlers[handler];
      if (ios && typeof ios.postMessage === "function") { ios.postMessage(text); return true; }
      var android = window[handler];
      if (android && typeof android.postMessage === "function") { android.postMessage(text); return true; }
    } catch (e) {}
    return false;
  }
  function sendUserAction(action) {
    var a = Object.assign({}, action);
    if (typeof a.id !== "string" || !a.id.trim()) {
      a.id = window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now());
    }
    return post({ userAction: a });
  }
  window.OpenClaw = window.OpenClaw || {};
  window.OpenClaw.postMessage = post;
  window.OpenClaw.sendUserAction = sendUserAction;
  window.openclawPostMessage = post;
  window.openclawSendUserAction = sendUserAction;
  try {
    var scoped = location.pathname.match(/^\/__openclaw__\/cap\/([^\/]+)\//);
    var cap = new URLSearchParams(location.search).get("oc_cap");
    var path = scoped ? "/__openclaw__/cap/" + scoped[1] + "/__openclaw__/ws" :
      "/__openclaw__/ws" + (cap ? "?oc_cap=" + encodeURIComponent(cap) : "");
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
    new WebSocket(url).onmessage = function (ev) { if (String(ev.data) === "reload") location.reload(); };
  } catch (e) {}
})();
</script>
`

// injectReload puts the live-reload script before the page's last </body>, or at its end.
func injectReload(html []byte) []byte {
	i := bytes.LastIndex(bytes.ToLower(html), []byte("</body>"))
	if i < 0 {
		return append(append(html[:len(html):len(html)], '\n'), reloadScript...)
	}
	out := make([]byte, 0, len(html)+len(reloadScript)+1)
	out = append(out, html[:i]...)
	out = append(out, reloadScript...)
	return append(out, html[i:]...)
}

// starterPage is written to an empty canvas folder so that the canvas shows something until the agent writes
// its own index.html.
const starterPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Canvas</title>
<style>
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; font: 16px/1.5 system-ui, sans-serif; }
  main { max-width: 36rem; padding: 1.5rem; }
</style>
</head>
<body>
<main>
  <h1>Canvas</h1>
  <p>This is the gateway's canvas. The agent replaces this page by writing <code>index.html</code> (and any other
  files) into the canvas folder; open pages reload when a file changes.</p>
</main>
</body>
</html>
`
