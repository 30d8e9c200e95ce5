"""Command line: python -m app {serve,migrate,purge,apps,keys}."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile

from sqlmodel import Session

from app import crud
from app.core import migrate, server
from app.core.config import get_settings
from app.core.db import get_engine
from app.models import ApiClient


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _prepare(url: str) -> None:
    created = migrate.ensure_database(url)
    if created:
        _say(created)
    migrate.upgrade(url)


def cmd_migrate(_: argparse.Namespace) -> int:
    _prepare(get_settings().database_url)
    _say(f"database at migration {migrate.head_revision()}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = get_settings()
    _prepare(settings.database_url)
    with Session(get_engine()) as session:
        if args.no_local_key:
            pass
        elif crud.active_key_count(session) == 0 and crud.client_by_name(
                session, name="local") is None:
            _, key = crud.create_client(session, name="local")
            _say("=" * 72)
            _say("Created a local API key (shown once; it is stored only as a hash):")
            _say(f"    {key}")
            _say("Try it:")
            _say(f"    curl -H 'X-API-Key: {key}' http://{args.host}:{args.port}/v1/equipment")
            _say("=" * 72)
        else:
            _say("API keys exist already. Make an app with: "
                 "python -m app apps create --name my-app")
    _say(f"Serving on http://{args.host}:{args.port} (docs at /docs)")
    # uvicorn finishes in-flight requests on SIGTERM/SIGINT, then re-raises the signal into the
    # handler that was there before it started. With this no-op handler there, a graceful stop
    # ends the process with status 0 instead of 143, as orchestrators expect of a clean exit.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    own_dir = None
    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Workers inherit this before they import prometheus_client: each writes its counts
        # to files here and /metrics adds them up (prometheus-client's multiprocess mode).
        own_dir = tempfile.mkdtemp(prefix="stride-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = own_dir
    try:
        # The guarded httptools protocol bounds request heads and the time to send a request
        # (app.core.server says why neither stock parser is enough).
        uvicorn.run("app.main:app", host=args.host, port=args.port, workers=args.workers,
                    log_level=settings.log_level.lower(), timeout_graceful_shutdown=20,
                    http=server.PROTOCOL, timeout_keep_alive=5)
    finally:
        if own_dir is not None:
            shutil.rmtree(own_dir, ignore_errors=True)
    return 0


def cmd_purge(_: argparse.Namespace) -> int:
    from app.maintenance import purge_once

    settings = get_settings()
    _prepare(settings.database_url)
    removed = purge_once(settings)
    _say(f"removed {removed} idempotency records older than {settings.idempotency_ttl_hours} h")
    return 0


def _new_app(session: Session, name: str) -> int:
    if crud.client_by_name(session, name=name) is not None:
        sys.stderr.write(f"an app named {name!r} exists already\n")
        return 1
    client, key = crud.create_client(session, name=name)
    _say(f"app {client.name} (id {client.id})")
    _say(f"key (shown once): {key}")
    return 0


def cmd_apps(args: argparse.Namespace) -> int:
    _prepare(get_settings().database_url)
    with Session(get_engine()) as session:
        if args.action == "create":
            return _new_app(session, args.name)
        for c in crud.list_clients(session):
            live = sum(1 for k in crud.list_keys(session, client_id=c.id) if not k.revoked_at)
            _say(f"{c.name:<30} id {c.id:<6} {live} live key(s)")
    return 0


def _when(dt: object) -> str:
    return "never" if dt is None else crud.aware(dt).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]


def cmd_keys(args: argparse.Namespace) -> int:
    _prepare(get_settings().database_url)
    with Session(get_engine()) as session:
        if args.action == "create" and args.app is None:
            return _new_app(session, args.name)  # `keys create --name` makes an app, as before
        client = None
        if args.app is not None:
            client = crud.client_by_name(session, name=args.app)
            if client is None or client.id is None:
                sys.stderr.write(f"no app named {args.app!r}\n")
                return 1
        if args.action == "create":
            assert client is not None
            assert client.id is not None
            row, key = crud.create_key(session, client_id=client.id,
                                       name=args.name or "key")
            _say(f"key {row.id} {row.name!r} for app {client.name} (prefix {row.prefix})")
            _say(f"key (shown once): {key}")
        elif args.action == "revoke":
            return _revoke(session, args, client)
        else:
            names = {c.id: c.name for c in crud.list_clients(session)}
            for k in crud.list_keys(session, client_id=None if client is None else client.id):
                state = "revoked" if k.revoked_at else "active"
                _say(f"{names[k.client_id]:<24} {k.id:<5} {k.name:<20} {k.prefix:<12} "
                     f"{state:<8} last used {_when(k.last_used_at)}")
    return 0


def _revoke(session: Session, args: argparse.Namespace, client: ApiClient | None) -> int:
    if args.key is None:  # `keys revoke --name APP`: every key of the app, as before
        if not crud.revoke_client(session, name=args.name):
            sys.stderr.write(f"no app named {args.name!r} with a live key\n")
            return 1
        _say(f"revoked every key of {args.name}")
        return 0
    assert client is not None
    assert client.id is not None
    live = [k for k in crud.list_keys(session, client_id=client.id) if k.revoked_at is None]
    named = [k.id for k in live if str(k.id) == args.key or k.name == args.key]
    if len(named) > 1:
        sys.stderr.write(f"app {client.name} has several live keys named {args.key!r}; "
                         "give the key's id\n")
        return 1
    outcome = "absent" if not named or named[0] is None else crud.revoke_key(
        session, client_id=client.id, key_id=named[0], keep_one=False)
    if outcome != "revoked":
        sys.stderr.write(f"app {client.name} has no live key {args.key}\n")
        return 1
    _say(f"revoked key {args.key} of {client.name}")
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
    sub.add_parser("purge", help="delete expired Idempotency-Key records now (the service "
                   "also does it every IDEMPOTENCY_PURGE_SECONDS)").set_defaults(func=cmd_purge)
    apps = sub.add_parser("apps", help="make and list apps (an app owns its data)")
    apps.add_argument("action", choices=["create", "list"])
    apps.add_argument("--name", help="the app's name")
    apps.set_defaults(func=cmd_apps)
    keys = sub.add_parser("keys", help="make, revoke and list an app's API keys")
    keys.add_argument("action", choices=["create", "revoke", "list"])
    keys.add_argument("--app", help="the app the key belongs to")
    keys.add_argument("--name", help="the key's name (with --app), or an app's name "
                                     "(create: a new app; revoke: all its keys)")
    keys.add_argument("--key", help="revoke: the key's id or its name (see keys list)")
    keys.set_defaults(func=cmd_keys)
    args = parser.parse_args(argv)
    if args.command == "apps" and args.action == "create" and not args.name:
        parser.error("apps create needs --name")
    if args.command == "keys":
        if args.action == "create" and not (args.app or args.name):
            parser.error("keys create needs --app APP (or --name NAME for a new app)")
        if args.action == "revoke" and not (args.name or (args.app and args.key is not None)):
            parser.error("keys revoke needs --app APP --key ID (or --name APP for all its keys)")
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
