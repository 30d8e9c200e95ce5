"""Command line: python -m app {serve,migrate,keys}."""

from __future__ import annotations

import argparse
import signal
import sys

from sqlmodel import Session

from app import crud
from app.core import migrate
from app.core.config import get_settings
from app.core.db import get_engine


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def cmd_migrate(_: argparse.Namespace) -> int:
    migrate.upgrade(get_settings().database_url)
    _say(f"database at migration {migrate.head_revision()}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = get_settings()
    migrate.upgrade(settings.database_url)
    with Session(get_engine()) as session:
        if args.no_local_key:
            pass
        elif crud.active_client_count(session) == 0:
            _, key = crud.create_client(session, name="local")
            _say("=" * 72)
            _say("Created a local API key (shown once; it is stored only as a hash):")
            _say(f"    {key}")
            _say("Try it:")
            _say(f"    curl -H 'X-API-Key: {key}' http://{args.host}:{args.port}/v1/equipment")
            _say("=" * 72)
        else:
            _say("API keys exist already. Make another with: "
                 "python -m app keys create --name my-app")
    _say(f"Serving on http://{args.host}:{args.port} (docs at /docs)")
    # uvicorn finishes in-flight requests on SIGTERM/SIGINT, then re-raises the signal into the
    # handler that was there before it started. With this no-op handler there, a graceful stop
    # ends the process with status 0 instead of 143, as orchestrators expect of a clean exit.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    uvicorn.run("app.main:app", host=args.host, port=args.port, workers=args.workers,
                log_level=settings.log_level.lower(), timeout_graceful_shutdown=20)
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    migrate.upgrade(get_settings().database_url)
    with Session(get_engine()) as session:
        if args.action == "create":
            if any(c.name == args.name for c in crud.list_clients(session)):
                sys.stderr.write(f"a client named {args.name!r} exists already\n")
                return 1
            client, key = crud.create_client(session, name=args.name)
            _say(f"client {client.name} (prefix {client.key_prefix})")
            _say(f"key (shown once): {key}")
        elif args.action == "revoke":
            if not crud.revoke_client(session, name=args.name):
                sys.stderr.write(f"no active client named {args.name!r}\n")
                return 1
            _say(f"revoked {args.name}")
        else:
            for c in crud.list_clients(session):
                state = "revoked" if c.revoked_at else "active"
                _say(f"{c.name:<30} {c.key_prefix:<14} {state}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="apply migrations, make a local key if none, serve")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--no-local-key", action="store_true",
                       help="do not make a key on first start (production images)")
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("migrate", help="apply migrations to DATABASE_URL").set_defaults(
        func=cmd_migrate)
    keys = sub.add_parser("keys", help="make, revoke and list API keys")
    keys.add_argument("action", choices=["create", "revoke", "list"])
    keys.add_argument("--name", help="the client (app) name")
    keys.set_defaults(func=cmd_keys)
    args = parser.parse_args(argv)
    if args.command == "keys" and args.action != "list" and not args.name:
        parser.error("keys create/revoke need --name")
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
