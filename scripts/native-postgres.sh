#!/usr/bin/env bash
# A throwaway native PostgreSQL 15 + pgvector 0.8 cluster with pgbouncer in transaction mode in
# front of it, on loopback, shaped like Supabase (roles anon/authenticated/service_role, schemas
# auth and extensions, auth.users, auth.uid(): infra/db/supabase-compat.sql). For CI and for
# developers; every command is idempotent.
#
#   scripts/native-postgres.sh install   Debian packages (postgresql-15, its headers pinned to the
#                                        server's version, build-essential, pgbouncer) and pgvector
#                                        0.8 built from Debian's source archive; skips what is there
#   scripts/native-postgres.sh start     install, then create (once) and start the cluster and pgbouncer
#   scripts/native-postgres.sh env       print `export TEST_DATABASE_URL=... TEST_POOLER_URL=...`
#   scripts/native-postgres.sh status    say what runs where
#   scripts/native-postgres.sh stop      stop pgbouncer and the cluster (the files stay)
#   scripts/native-postgres.sh destroy   stop, then delete the cluster's directory
#
# Settings (environment):
#   SOULPRINT_PG_DIR          where the cluster lives   (default: $TMPDIR/soulprint-postgres, or /tmp/...)
#   SOULPRINT_PG_PORT         Postgres port on 127.0.0.1 (default 55432)
#   SOULPRINT_POOLER_PORT     pgbouncer port on 127.0.0.1 (default 56432)
#   SOULPRINT_PG_DURABLE=1    keep fsync/synchronous_commit/full_page_writes on (default off: a
#                             throwaway cluster for tests; benchmarks print which they ran with)
#
# The cluster trusts every local connection (auth trust on 127.0.0.1 only); never point it at
# anything but loopback.
set -euo pipefail

PG_MAJOR=15
PG_BIN=/usr/lib/postgresql/$PG_MAJOR/bin
PG_CONFIG=$PG_BIN/pg_config
PGVECTOR_MIN=0.8.0
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${SOULPRINT_PG_DIR:-${TMPDIR:-/tmp}/soulprint-postgres}
port=${SOULPRINT_PG_PORT:-55432}
pooler_port=${SOULPRINT_POOLER_PORT:-56432}
data=$dir/data
bouncer=$dir/pgbouncer

say() { echo "native-postgres: $*" >&2; }
die() {
  say "$*"
  exit 1
}

# Root runs the server as the `postgres` user (Postgres refuses to run as root); anyone else
# runs it as themselves.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo > /dev/null; then
    sudo "$@"
  else
    die "installing needs root (or sudo): $*"
  fi
}

apt_get() { as_root apt-get -o DPkg::Lock::Timeout=600 "$@"; }

installed_version() { dpkg-query -W -f='${Version}' "$1" 2> /dev/null || true; }

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2> /dev/null || true)" = installed ]
}

install_packages() {
  local wanted=()
  is_installed "postgresql-$PG_MAJOR" || wanted+=("postgresql-$PG_MAJOR")
  is_installed build-essential || wanted+=(build-essential)
  is_installed pgbouncer || wanted+=(pgbouncer)
  if [ ${#wanted[@]} -gt 0 ]; then
    say "installing ${wanted[*]}"
    apt_get update -qq
    DEBIAN_FRONTEND=noninteractive apt_get install -y -qq --no-install-recommends "${wanted[@]}" > /dev/null
  fi
  # The headers must match the server exactly, or apt would upgrade the server under a running
  # cluster to satisfy them.
  local server
  server=$(installed_version "postgresql-$PG_MAJOR")
  if [ "$(installed_version "postgresql-server-dev-$PG_MAJOR")" != "$server" ]; then
    say "installing postgresql-server-dev-$PG_MAJOR=$server"
    DEBIAN_FRONTEND=noninteractive apt_get install -y -qq --no-install-recommends \
      "postgresql-server-dev-$PG_MAJOR=$server" > /dev/null ||
      { apt_get update -qq && DEBIAN_FRONTEND=noninteractive apt_get install -y -qq \
        --no-install-recommends "postgresql-server-dev-$PG_MAJOR=$server" > /dev/null; }
  fi
}

pgvector_version() {
  local control
  control="$("$PG_CONFIG" --sharedir)/extension/vector.control"
  [ -f "$control" ] && sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$control"
}

version_at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# The Debian archive this machine already uses (never a host name written here).
debian_archive_uri() {
  local uri=''
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || die "no Debian archive found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
  echo "$uri"
}

# Debian 12's own pgvector has neither HNSW nor iterative index scans; trixie's source package
# builds against PostgreSQL 15. apt reads a private sources file and lists directory, so the
# machine's apt configuration is untouched; apt checks the .dsc against the signed index, and
# the tarball is checked against the .dsc here.
install_pgvector() {
  local have
  have=$(pgvector_version || true)
  if [ -n "$have" ] && version_at_least "$have" "$PGVECTOR_MIN"; then return; fi
  local work
  work=$(mktemp -d "${TMPDIR:-/tmp}/soulprint-pgvector.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  mkdir -p "$work/lists/partial" "$work/download"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(debian_archive_uri) trixie main" > "$work/trixie-src.list"
  local apt_opts=(-o "Dir::Etc::sourcelist=$work/trixie-src.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$work/lists")
  # apt downloads as its unprivileged `_apt` user, which must reach these folders.
  chmod 755 "$work"
  if [ "$(id -u)" = 0 ]; then chown -R _apt "$work/lists" "$work/download"; fi
  say "fetching pgvector's source from Debian trixie"
  as_root apt-get "${apt_opts[@]}" update -qq
  (cd "$work/download" && as_root apt-get "${apt_opts[@]}" source --download-only -qq pgvector)
  local dsc tarball expected actual
  dsc=$(ls "$work"/download/pgvector_*.dsc)
  tarball=$(ls "$work"/download/pgvector_*.orig.tar.*)
  expected=$(awk -v f="$(basename "$tarball")" '/^Checksums-Sha256:/ { on = 1; next } /^[^ ]/ { on = 0 } on && $3 == f { print $1 }' "$dsc")
  actual=$(sha256sum "$tarball" | cut -d' ' -f1)
  [ -n "$expected" ] && [ "$expected" = "$actual" ] ||
    die "pgvector's tarball $(basename "$tarball") does not match its .dsc (expected ${expected:-nothing}, got $actual)"
  mkdir "$work/src"
  tar -xf "$tarball" -C "$work/src" --strip-components=1
  say "building pgvector $(basename "$tarball")"
  make -s -C "$work/src" PG_CONFIG="$PG_CONFIG" > /dev/null
  as_root make -s -C "$work/src" PG_CONFIG="$PG_CONFIG" install > /dev/null
  have=$(pgvector_version || true)
  version_at_least "${have:-0}" "$PGVECTOR_MIN" || die "pgvector ${have:-?} installed; need $PGVECTOR_MIN or later"
}

install_all() {
  install_packages
  install_pgvector
  say "PostgreSQL $(installed_version "postgresql-$PG_MAJOR"), pgvector $(pgvector_version), pgbouncer $(installed_version pgbouncer)"
}

write_server_settings() {
  local durable=off
  [ "${SOULPRINT_PG_DURABLE:-0}" = 1 ] && durable=on
  # Sized for a small (2-core) machine; HNSW builds want maintenance_work_mem.
  cat > "$data/soulprint.conf" << EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 200
shared_buffers = 256MB
maintenance_work_mem = 256MB
work_mem = 16MB
max_parallel_maintenance_workers = 1
random_page_cost = 1.1
max_wal_size = 1GB
fsync = $durable
synchronous_commit = $durable
full_page_writes = $durable
shared_preload_libraries = 'pg_stat_statements'
EOF
  grep -q "include_if_exists = 'soulprint.conf'" "$data/postgresql.conf" ||
    echo "include_if_exists = 'soulprint.conf'" >> "$data/postgresql.conf"
}

server_running() { [ -f "$data/postmaster.pid" ] && as_owner "$PG_BIN/pg_ctl" -D "$data" status > /dev/null 2>&1; }

bouncer_running() { [ -f "$bouncer/pgbouncer.pid" ] && kill -0 "$(cat "$bouncer/pgbouncer.pid")" 2> /dev/null; }

start_server() {
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    say "creating a cluster in $data"
    as_owner "$PG_BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 > /dev/null
  fi
  write_server_settings
  if ! server_running; then
    as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start > /dev/null ||
      { tail -n 20 "$dir/server.log" >&2; die "the server did not start (log: $dir/server.log)"; }
  fi
  # What Supabase provides, in the database the URLs name (tests make their own databases and
  # the migration runner applies the same file to each).
  PGOPTIONS='-c client_min_messages=warning' "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -f "$root/infra/db/supabase-compat.sql" > /dev/null
}

start_bouncer() {
  mkdir -p "$bouncer"
  if [ "$(id -u)" = 0 ]; then chown postgres "$bouncer"; fi
  echo '"postgres" ""' > "$bouncer/userlist.txt"
  cat > "$bouncer/pgbouncer.ini" << EOF
[databases]
* = host=127.0.0.1 port=$port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $pooler_port
unix_socket_dir =
auth_type = trust
auth_file = $bouncer/userlist.txt
admin_users = postgres
pool_mode = transaction
default_pool_size = 4
max_client_conn = 400
ignore_startup_parameters = extra_float_digits
pidfile = $bouncer/pgbouncer.pid
logfile = $bouncer/pgbouncer.log
EOF
  if ! bouncer_running; then
    as_owner pgbouncer -d -q "$bouncer/pgbouncer.ini" ||
      { tail -n 20 "$bouncer/pgbouncer.log" >&2; die "pgbouncer did not start (log: $bouncer/pgbouncer.log)"; }
  fi
  local tries=0
  until "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$pooler_port" -U postgres -d postgres -c 'select 1' > /dev/null 2>&1; do
    tries=$((tries + 1))
    [ $tries -lt 50 ] || die "pgbouncer does not answer on 127.0.0.1:$pooler_port (log: $bouncer/pgbouncer.log)"
    sleep 0.1
  done
}

stop_all() {
  if bouncer_running; then kill "$(cat "$bouncer/pgbouncer.pid")"; fi
  if server_running; then as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop > /dev/null; fi
}

print_env() {
  echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres"
  echo "export TEST_POOLER_URL='postgres://postgres@127.0.0.1:$pooler_port/postgres?pgbouncer=true'"
}

case ${1:-} in
  install) install_all ;;
  start)
    install_all
    start_server
    start_bouncer
    say "Postgres on 127.0.0.1:$port, pgbouncer (transaction mode) on 127.0.0.1:$pooler_port, files in $dir"
    ;;
  env) print_env ;;
  status)
    if server_running; then say "Postgres runs on 127.0.0.1:$port ($data)"; else say "Postgres is not running ($data)"; fi
    if bouncer_running; then say "pgbouncer runs on 127.0.0.1:$pooler_port"; else say "pgbouncer is not running"; fi
    ;;
  stop) stop_all ;;
  destroy)
    stop_all
    rm -rf "$dir"
    ;;
  *)
    sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
