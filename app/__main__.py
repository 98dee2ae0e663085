"""`python -m app migrate | purge | serve`: the commands an operator needs."""

from __future__ import annotations

import argparse
import os
import time

from sqlalchemy.engine import make_url

from app.settings import Settings

ONE_WORKER_ON_SQLITE = (
    "several workers need PostgreSQL: SQLite lets one process write at a time, so more "
    "workers on one file only queue for its lock (and answer 503 once "
    "SQLITE_BUSY_TIMEOUT_MS runs out). Serve one worker, or set DATABASE_URL to a "
    "PostgreSQL database (docs/operations.md).")


def _workers(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"a whole number of processes, 1 or more: {value!r}")
    return int(value)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m app")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply the database migrations")
    purge = sub.add_parser("purge", help="delete expired results and drafts (for cron)")
    purge.add_argument("--batch", type=int, default=1000,
                       help="rows deleted a transaction (default 1000)")
    purge.add_argument("--pause", type=float, default=None,
                       help="seconds between transactions, for other writers (default: "
                            "0.1 on SQLite, 0 on PostgreSQL)")
    settings = Settings()
    serve = sub.add_parser("serve", help="serve on HOST:PORT (migrating first, unless "
                                            "MIGRATE_ON_START=false)")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--workers", type=_workers,
                       default=os.environ.get("WEB_CONCURRENCY", "1"),
                       help="worker processes (default: WEB_CONCURRENCY, else 1); "
                            "more than one needs PostgreSQL")
    serve.add_argument("--limit-concurrency", type=int, default=settings.limit_concurrency,
                       help="connections plus requests held at once; past it, 503 "
                            "(default: LIMIT_CONCURRENCY, 500)")
    serve.add_argument("--timeout-keep-alive", type=int, default=settings.timeout_keep_alive,
                       help="seconds an idle keep-alive connection stays open "
                            "(default: TIMEOUT_KEEP_ALIVE, 5)")
    args = parser.parse_args(argv)
    if args.command == "serve" and args.workers > 1 \
            and make_url(settings.database_url).get_backend_name() == "sqlite":
        parser.error(ONE_WORKER_ON_SQLITE)

    if args.command == "migrate":
        from app.migrate import upgrade_now
        upgrade_now(settings)
        print("database is up to date")
    # `serve` migrates in each worker's start-up, one process at a time, and only when
    # MIGRATE_ON_START says so (app.migrate.ensure_schema).
    if args.command == "purge":
        from app.purge import purge_database
        started = time.monotonic()
        results, drafts = purge_database(settings, batch=args.batch,
                                         pause=args.pause)
        print(f"purged {results} expired results and {drafts} expired drafts "
              f"in {time.monotonic() - started:.1f} s")
    if args.command == "serve":
        import uvicorn
        # No access log: it would record IP addresses. No Server header: it tells
        # nobody anything they need. A bounded number of connections, idle ones closed
        # soon: uvicorn has no timeout for a request that never finishes its headers, so
        # slow clients are a reverse proxy's job (deploy/nginx.conf); the limit makes the
        # excess a quick 503 rather than running out of file descriptors. Proxy headers
        # only from the proxy named in FORWARDED_ALLOW_IPS (its X-Forwarded-Proto, and the
        # client's address for the per-address write limits, see deploy/nginx.conf).
        trusted = settings.forwarded_allow_ips
        uvicorn.run("app.main:create_app", factory=True, host=args.host, port=args.port,
                    workers=args.workers, access_log=False, server_header=False,
                    limit_concurrency=args.limit_concurrency,
                    timeout_keep_alive=args.timeout_keep_alive,
                    proxy_headers=trusted is not None, forwarded_allow_ips=trusted)


if __name__ == "__main__":
    main()
