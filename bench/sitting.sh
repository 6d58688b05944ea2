#!/usr/bin/env bash
# One benchmark sitting, as recorded in BENCHMARKS.md: the peer (PostGraphile v5 over
# PostgreSQL) and aidgraph (MySQL/MariaDB and SQLite), national scale and the article's data,
# one after another on the same machine. These machines are noisy: only figures from one
# sitting compare.
#
#   bench/sitting.sh            # about 25 minutes; results in bench/results/ and $PEER_WORK/results
#
# Needs: the national synthetic data in MySQL database aidgraph_national and in SQLite file
# $NATIONAL_SQLITE (make them with `go run . seed --synthetic national --db ...`), MariaDB
# with a 2 GiB buffer pool (as the peer's PostgreSQL has 2 GiB of shared_buffers), and the
# peer set up (../shared/bench/peer/peer setup national).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peer="$here/../../shared/bench/peer/peer"
SOCK="${SOCK:-/run/mysqld/mysqld.sock}"
NATIONAL_SQLITE="${NATIONAL_SQLITE:-/tmp/national.db}"
export PEER_WORK="${PEER_WORK:-/tmp/aidgraph-peer}"

mariadb --socket="$SOCK" -uroot -e "SET GLOBAL innodb_buffer_pool_size = 2147483648"
mariadb --socket="$SOCK" -uroot -e "DROP DATABASE IF EXISTS aidgraph_article;
  CREATE DATABASE aidgraph_article CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
rm -f /tmp/aidgraph-article.db*

"$peer" run national
"$peer" tune
"$peer" run national_tuned
"$here/load.sh" "mysql://root@localhost/aidgraph_national?socket=$SOCK" national national-mysql
"$here/load.sh" "sqlite:$NATIONAL_SQLITE" national national-sqlite
"$here/load.sh" "mysql://root@localhost/aidgraph_article?socket=$SOCK" article article-mysql
"$here/load.sh" "sqlite:/tmp/aidgraph-article.db" article article-sqlite
