"""`python -m app migrate | purge | serve`: the commands an operator needs."""

from __future__ import annotations

import argparse
import os

from app.settings import Settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m app")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply the database migrations")
    sub.add_parser("purge", help="delete expired results and drafts")
    settings = Settings()
    serve = sub.add_parser("serve", help="migrate, then serve on HOST:PORT")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--limit-concurrency", type=int, default=settings.limit_concurrency,
                       help="connections plus requests held at once; past it, 503 "
                            "(default: LIMIT_CONCURRENCY, 500)")
    serve.add_argument("--timeout-keep-alive", type=int, default=settings.timeout_keep_alive,
                       help="seconds an idle keep-alive connection stays open "
                            "(default: TIMEOUT_KEEP_ALIVE, 5)")
    args = parser.parse_args(argv)

    if args.command in ("migrate", "serve"):
        from app.migrate import upgrade
        upgrade(settings.database_url)
        print("database is up to date")
    if args.command == "purge":
        from app.main import purge
        results, drafts = purge(settings)
        print(f"purged {results} expired results and {drafts} expired drafts")
    if args.command == "serve":
        import uvicorn
        # No access log: it would record IP addresses. No Server header: it tells
        # nobody anything they need. A bounded number of connections, idle ones closed
        # soon: uvicorn has no timeout for a request that never finishes its headers, so
        # slow clients are a reverse proxy's job (deploy/nginx.conf); the limit makes the
        # excess a quick 503 rather than running out of file descriptors. Proxy headers
        # only from the proxy named in FORWARDED_ALLOW_IPS (its X-Forwarded-Proto; it
        # sends no client address, see deploy/nginx.conf).
        trusted = settings.forwarded_allow_ips
        uvicorn.run("app.main:create_app", factory=True, host=args.host, port=args.port,
                    access_log=False, server_header=False,
                    limit_concurrency=args.limit_concurrency,
                    timeout_keep_alive=args.timeout_keep_alive,
                    proxy_headers=trusted is not None, forwarded_allow_ips=trusted)


if __name__ == "__main__":
    main()
