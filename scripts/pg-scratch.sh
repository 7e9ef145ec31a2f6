#!/usr/bin/env bash
# Throw-away PostgreSQL cluster for tests (CI and local).
#
#   scripts/pg-scratch.sh start [DIR]   create + start a cluster in DIR (default: a new
#                                       mktemp dir under /tmp) on a free 127.0.0.1 port
#   scripts/pg-scratch.sh stop DIR      stop the cluster and remove DIR
#
# `start` prints shell assignments on stdout (everything else goes to stderr), so
#   eval "$(scripts/pg-scratch.sh start)"
# sets PG_SCRATCH_DIR, PG_SCRATCH_PORT, PG_SCRATCH_LOG and DATABASE_URL
# (postgres://postgres@127.0.0.1:PORT/postgres, superuser, trust auth).
# The URL is also written to DIR/database_url.
#
# Layout of DIR: data/ (PGDATA), sock/ (unix socket dir), postgres.log, .pg-scratch (marker).
# Runs the server as the `postgres` OS user when invoked as root (PostgreSQL refuses
# to run as root); creates that user if it does not exist.
# Env: PG_BIN (default /usr/lib/postgresql/15/bin), PG_SCRATCH_PORT (force a port).
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
MARKER=.pg-scratch

log() { printf 'pg-scratch: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
	sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

run_user() { # user the server runs as
	if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi
}

ensure_user() {
	[ "$(id -u)" -eq 0 ] || return 0
	if ! id postgres >/dev/null 2>&1; then
		log "creating OS user postgres"
		useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql \
			--shell /bin/bash postgres
	fi
}

as_pg() { # run a command as the server user, from a directory it can read
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		(cd / && "$@")
	fi
}

port_in_use() { # something already accepts TCP on 127.0.0.1:$1
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
	local port i
	for i in $(seq 1 200); do
		port=$((55432 + RANDOM % 5000))
		if ! port_in_use "$port"; then
			echo "$port"
			return 0
		fi
	done
	die "no free port found in 55432-60431"
}

alive() { # process exists and is not a zombie waiting to be reaped
	local state
	kill -0 "$1" 2>/dev/null || return 1
	state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
	[ "$state" != Z ] && [ "$state" != X ]
}

server_pid() { # pid from postmaster.pid, if the server process is alive
	local pidfile="$1/data/postmaster.pid" pid
	[ -f "$pidfile" ] || return 1
	pid=$(head -n1 "$pidfile" 2>/dev/null || true)
	[[ "$pid" =~ ^[0-9]+$ ]] || return 1
	alive "$pid" || return 1
	echo "$pid"
}

start_failed() {
	local rc="$1" dir="$2"
	[ "$rc" -eq 0 ] && return 0
	if [ -s "$dir/postgres.log" ]; then
		log "last lines of $dir/postgres.log:"
		tail -n 40 "$dir/postgres.log" >&2
	fi
	cmd_stop "$dir" || true
	exit "$rc"
}

cmd_start() {
	local dir="${1:-}"
	[ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] ||
		die "PostgreSQL binaries not found in $PG_BIN (apt-get install postgresql-15, or set PG_BIN)"
	local extdir
	extdir="$("$PG_BIN/pg_config" --sharedir 2>/dev/null || echo /usr/share/postgresql/15)/extension"
	for ext in pg_trgm fuzzystrmatch; do
		[ -f "$extdir/$ext.control" ] ||
			die "extension $ext not found in $extdir (it ships with Debian's postgresql-15)"
	done

	ensure_user
	local user
	user="$(run_user)"

	if [ -z "$dir" ]; then
		dir="$(mktemp -d /tmp/pg-scratch.XXXXXX)"
	else
		mkdir -p "$dir"
		if [ -n "$(ls -A "$dir")" ] && [ ! -f "$dir/$MARKER" ]; then
			die "$dir exists and is not empty"
		fi
		[ -d "$dir/data" ] && die "$dir already holds a cluster (stop it first)"
	fi
	dir="$(cd "$dir" && pwd -P)"
	touch "$dir/$MARKER"
	# On failure, stop whatever was started and remove the dir (the caller's
	# `stop DIR` then finds nothing to do).
	trap 'start_failed $? "'"$dir"'"' EXIT

	# Unix socket paths are limited to ~107 bytes; fall back to a short dir under /tmp.
	local sockdir="$dir/sock"
	if [ "${#sockdir}" -gt 80 ]; then
		sockdir="$(mktemp -d /tmp/pgsock.XXXXXX)"
		echo "$sockdir" >"$dir/sockdir"
	else
		mkdir -p "$sockdir"
	fi
	mkdir -p "$dir/data"
	touch "$dir/postgres.log"
	chmod 755 "$dir"
	chmod 700 "$dir/data"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$dir/data" "$sockdir" "$dir/postgres.log"
	fi

	log "initdb in $dir/data (as $user)"
	local locale
	if ! as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
		--locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
		log "initdb with C.UTF-8 failed, retrying with --locale=C"
		as_pg find "$dir/data" -mindepth 1 -delete
		as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
			--locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
			{ cat "$dir/initdb.log" >&2; die "initdb failed"; }
	fi

	# Scratch data only: trade durability for speed.
	cat >>"$dir/data/postgresql.conf" <<-EOF

		# --- pg-scratch (throw-away test cluster) ---
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		max_connections = 200
	EOF

	local port attempt
	for attempt in 1 2 3; do
		port="${PG_SCRATCH_PORT:-$(pick_port)}"
		log "starting on 127.0.0.1:$port (attempt $attempt)"
		if as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -w -t 120 -l "$dir/postgres.log" \
			-o "-p $port -k $sockdir -c listen_addresses=127.0.0.1" start >&2; then
			break
		fi
		port=""
		[ -n "${PG_SCRATCH_PORT:-}" ] && break
	done
	[ -n "$port" ] || die "could not start PostgreSQL (see $dir/postgres.log)"

	local url="postgres://postgres@127.0.0.1:$port/postgres"
	echo "$url" >"$dir/database_url"
	trap - EXIT
	log "ready: $url"
	printf "PG_SCRATCH_DIR='%s'\n" "$dir"
	printf "PG_SCRATCH_PORT='%s'\n" "$port"
	printf "PG_SCRATCH_LOG='%s'\n" "$dir/postgres.log"
	printf "DATABASE_URL='%s'\n" "$url"
}

cmd_stop() {
	local dir="${1:-}"
	[ -n "$dir" ] || usage
	if [ ! -e "$dir" ]; then
		log "$dir does not exist; nothing to stop"
		return 0
	fi
	# Refuse to rm -rf anything that is not ours.
	if [ ! -f "$dir/$MARKER" ]; then
		if [ -d "$dir" ] && [ -z "$(ls -A "$dir")" ]; then
			rmdir "$dir"
			return 0
		fi
		die "$dir is not a pg-scratch directory (no $MARKER); not removing it"
	fi

	local pid
	if pid="$(server_pid "$dir")"; then
		log "stopping server (pid $pid) in $dir"
		as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2 ||
			as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >&2 || true
		if alive "$pid"; then
			log "server still running; sending SIGKILL to $pid"
			kill -KILL "$pid" 2>/dev/null || true
			sleep 1
		fi
	fi
	if [ -f "$dir/sockdir" ]; then
		local sockdir
		sockdir="$(cat "$dir/sockdir")"
		case "$sockdir" in /tmp/pgsock.*) rm -rf -- "$sockdir" ;; esac
	fi
	rm -rf -- "$dir"
	log "removed $dir"
}

case "${1:-}" in
start)
	shift
	cmd_start "$@"
	;;
stop)
	shift
	cmd_stop "$@"
	;;
*) usage ;;
esac
