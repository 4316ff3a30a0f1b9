#!/bin/sh
# A stand-in for `systemctl --user` in gatewire's tests (this machine's
# PID 1 is not systemd). It keeps each unit's state in
# $GATEWIRE_TEST_SYSTEMCTL_STATE, logs every call there ("calls"), and
# starts a unit by running its ExecStart= line with its Environment= in
# the background, as systemd would. With the file "no-bus" in the state
# directory it answers as systemctl does where no user manager runs.
set -u
state=${GATEWIRE_TEST_SYSTEMCTL_STATE:?}
printf '%s\n' "$*" >>"$state/calls"
if [ -e "$state/no-bus" ]; then
	echo "Failed to connect to bus: No medium found" >&2
	exit 1
fi
if [ "${1:-}" != --user ]; then
	echo "stand-in systemctl: only --user is supported" >&2
	exit 2
fi
shift
units="${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user"

alive() {
	[ -f "$state/$1.pid" ] || return 1
	pid=$(cat "$state/$1.pid")
	[ -r "/proc/$pid/stat" ] || return 1
	! grep -q '^[0-9]* ([^)]*) Z' "/proc/$pid/stat"
}

start() {
	file="$units/$1"
	if [ ! -f "$file" ]; then
		echo "Failed to start $1: Unit $1 not found." >&2
		exit 5
	fi
	alive "$1" && return 0
	line=$(sed -n 's/^ExecStart=//p' "$file")
	(
		while IFS= read -r kv; do eval "export $kv"; done <<ENV
$(sed -n 's/^Environment=//p' "$file")
ENV
		eval "set -- $line"
		exec "$@"
	) </dev/null >>"$state/$1.out" 2>&1 &
	echo $! >"$state/$1.pid"
	date +%s >"$state/$1.since"
}

stop() {
	if alive "$1"; then
		pid=$(cat "$state/$1.pid")
		kill -TERM "$pid"
		i=0
		while alive "$1" && [ $i -lt 300 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		date +%s >"$state/$1.since"
	fi
	rm -f "$state/$1.pid"
}

show() {
	if [ -f "$units/$1" ]; then echo LoadState=loaded; else echo LoadState=not-found; fi
	if [ -f "$state/$1.enabled" ]; then echo UnitFileState=enabled; else echo UnitFileState=disabled; fi
	if alive "$1"; then
		echo ActiveState=active
		echo SubState=running
		echo "MainPID=$(cat "$state/$1.pid")"
		echo "ActiveEnterTimestamp=@$(cat "$state/$1.since")"
	else
		echo ActiveState=inactive
		echo SubState=dead
		echo MainPID=0
		[ -f "$state/$1.since" ] && echo "InactiveEnterTimestamp=@$(cat "$state/$1.since")"
	fi
	echo NRestarts=0
	echo Result=success
	echo ExecMainStatus=0
}

case "${1:-}" in
show-environment) echo "HOME=$HOME" ;;
daemon-reload) ;;
enable) touch "$state/$2.enabled" ;;
disable)
	if [ "$2" = --now ]; then
		shift
		stop "$2"
	fi
	rm -f "$state/$2.enabled"
	;;
start) start "$2" ;;
stop) stop "$2" ;;
restart)
	stop "$2"
	start "$2"
	;;
show) show "$2" ;;
*)
	echo "stand-in systemctl: unknown command $*" >&2
	exit 1
	;;
esac
