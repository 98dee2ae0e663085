"""`python -m app migrate | purge | serve`: the commands an operator needs."""

from __future__ import annotations

import argparse
import os
import time

from app.settings import Settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m app")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply the database migrations")
    purge = sub.add_parser("purge", help="delete expired results and drafts (for cron)")
    purge.add_argument("--batch", type=int, default=1000,
                       help="rows deleted a transaction (default 1000)")
    serve = sub.add_parser("serve", help="migrate, then serve on HOST:PORT")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args(argv)
    settings = Settings()

    if args.command in ("migrate", "serve"):
        from app.migrate import upgrade
        upgrade(settings.database_url)
        print("database is up to date")
    if args.command == "purge":
        from app.purge import purge_database
        started = time.monotonic()
        results, drafts = purge_database(settings, batch=args.batch)
        print(f"purged {results} expired results and {drafts} expired drafts "
              f"in {time.monotonic() - started:.1f} s")
    if args.command == "serve":
        import uvicorn
        # No access log: it would record IP addresses. No Server header: it tells
        # nobody anything they need.
        uvicorn.run("app.main:create_app", factory=True, host=args.host, port=args.port,
                    access_log=False, proxy_headers=False, server_header=False)


if __name__ == "__main__":
    main()
