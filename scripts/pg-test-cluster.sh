# Starts a throwaway PostgreSQL cluster on 127.0.0.1 and exports TEST_DATABASE_URL.
# Used by .ci/run; locally: `source scripts/pg-test-cluster.sh && start_pg_test_cluster`.
start_pg_test_cluster() {
  local bin port
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  port=${PG_TEST_PORT:-55432}
  # A cluster already listening there (a developer's own run) must not fail this one: take the next free port.
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  PG_TEST_DIR=$(mktemp -d /tmp/touchstone-pg.XXXXXX)
  export PG_TEST_DIR PG_TEST_BIN="$bin"
  local run=()
  # initdb refuses to run as root: use the postgres system user the Debian package creates.
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_TEST_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$PG_TEST_DIR/data" -U postgres -A trust --no-sync >/dev/null
  "${run[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $PG_TEST_DIR -c max_connections=200" start >/dev/null
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL test cluster on $TEST_DATABASE_URL"
}

stop_pg_test_cluster() {
  [ -n "${PG_TEST_DIR:-}" ] || return 0
  local run=()
  [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_TEST_DIR"
}
