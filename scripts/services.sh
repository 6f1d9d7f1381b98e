#!/usr/bin/env bash
# Make RabbitMQ (127.0.0.1:5672, guest/guest) and PostgreSQL (127.0.0.1:5432, user postgres)
# reachable: start them when installed but stopped, install them from Debian's packages when
# missing.  Needs root for the install and start steps.
set -euo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") >/dev/null 2>&1; }
wait_port() {  # port, name, seconds
  for _ in $(seq 1 "$3"); do port_open "$1" && return 0; sleep 1; done
  echo "$2 did not come up on 127.0.0.1:$1" >&2; return 1
}
apt_install() {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! port_open 5672; then
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    echo "installing rabbitmq-server from Debian's packages" >&2
    apt_install rabbitmq-server
  fi
  port_open 5672 || { echo "starting RabbitMQ" >&2; rabbitmq-server -detached || true; }
  wait_port 5672 RabbitMQ 120
fi

if ! port_open 5432; then
  fresh=no
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "installing postgresql from Debian's packages" >&2
    apt_install postgresql
    fresh=yes
  fi
  port_open 5432 || { echo "starting PostgreSQL" >&2;
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true; }
  wait_port 5432 PostgreSQL 60
  if [ "$fresh" = yes ]; then
    # A fresh cluster asks for passwords on TCP: give postgres the one the tests use.
    su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  fi
fi
