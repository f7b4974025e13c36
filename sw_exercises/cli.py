"""The `werkboek` command for lecturers.

    werkboek klas <map-of-zip> [--uit overzicht.html] [--csv overzicht.csv] [--drempel 5]
    werkboek inlevermap <map> --docent <login> [--groep <groep>] [--groep-mag-bekijken]
    werkboek pakket --werkboeken 01_sociale_afstand,02_viervenstermodel --deadline 2026-12-18 [--uit pakket.zip]
    werkboek app [--poort 8866] [--geen-browser]      (for students: the workbooks without code)
    werkboek klaarzetten [--doel ~/werkboeken]      (students; a JupyterHub runs it at every start)
    werkboek backup --uit <map> [--homes /home]     (server admins: an online copy of every store)
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .i18n import t


def _progress(done: int, total: int) -> None:
    print(f"\r{t('cli.progress', done=done, total=total)}", end="", file=sys.stderr, flush=True)


def klas(args: argparse.Namespace) -> int:
    from .classroom import class_overview_from
    from .classroom.report import intake_text, overview_csv, overview_html

    source = Path(args.pad)
    if not source.exists():
        print(t("cli.missing", path=str(source)), file=sys.stderr)
        return 2
    report, overview = class_overview_from(source, threshold=args.drempel, progress=_progress)
    print(file=sys.stderr)
    print(intake_text(report, overview))
    out = Path(args.uit)
    out.write_text(overview_html(overview), encoding="utf-8")
    print(t("cli.written", path=str(out)))
    if args.csv:
        Path(args.csv).write_text(overview_csv(overview), encoding="utf-8")
        print(t("cli.written", path=args.csv))
    return 0


def pakket(args: argparse.Namespace) -> int:
    from .classroom.pack import make_pack

    try:
        deadline = date.fromisoformat(args.deadline)
        path = make_pack([w.strip() for w in args.werkboeken.split(",") if w.strip()], deadline, Path(args.uit),
                         note=args.toelichting or "")
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(t("cli.written", path=str(path)))
    return 0


def klaarzetten(args: argparse.Namespace) -> int:
    from .deploy import WorkbookSetupError, set_up_workbooks

    try:
        copied, kept = set_up_workbooks(Path(args.doel).expanduser())
    except WorkbookSetupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if not args.stil:
        print(t("cli.set_up", copied=len(copied), kept=len(kept), path=args.doel))
    return 0


def backup(args: argparse.Namespace) -> int:
    from .deploy import back_up_stores

    done, failed = back_up_stores(Path(args.homes), Path(args.uit))
    for user, reason in failed:
        print(t("cli.backup_failed", user=user, reason=reason), file=sys.stderr)
    print(t("cli.backup_done", n=len(done), path=args.uit))
    return 1 if failed else 0


def app(args: argparse.Namespace) -> int:
    from .app import run

    return run(port=args.poort, open_browser=not args.geen_browser)


def inlevermap(args: argparse.Namespace) -> int:
    from .course_folder import SetupError, create_course_folder

    try:
        lines = create_course_folder(Path(args.pad), args.docent, args.groep, group_lists=args.groep_mag_bekijken)
    except SetupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    for line in lines:
        print(line)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="werkboek", description=t("cli.description"))
    sub = parser.add_subparsers(dest="command", required=True)
    k = sub.add_parser("klas", help=t("cli.klas_help"))
    k.add_argument("pad", help=t("cli.pad_help"))
    k.add_argument("--uit", default="klasoverzicht.html", help=t("cli.uit_help"))
    k.add_argument("--csv", help=t("cli.csv_help"))
    k.add_argument("--drempel", type=int, default=5, help=t("cli.drempel_help"))
    k.set_defaults(run=klas)
    f = sub.add_parser("inlevermap", help=t("cli.inlevermap_help"))
    f.add_argument("pad", help=t("cli.inlevermap_pad_help"))
    f.add_argument("--docent", required=True, help=t("cli.docent_help"))
    f.add_argument("--groep", help=t("cli.groep_help"))
    f.add_argument("--groep-mag-bekijken", action="store_true", help=t("cli.groep_bekijkt_help"))
    f.set_defaults(run=inlevermap)
    p = sub.add_parser("pakket", help=t("cli.pakket_help"))
    p.add_argument("--werkboeken", required=True, help=t("cli.werkboeken_help"))
    p.add_argument("--deadline", required=True, help=t("cli.deadline_help"))
    p.add_argument("--uit", default="opdracht-sociaal-werkboek.zip")
    p.add_argument("--toelichting", help=t("cli.toelichting_help"))
    p.set_defaults(run=pakket)
    z = sub.add_parser("klaarzetten", help=t("cli.klaarzetten_help"))
    z.add_argument("--doel", default="~/werkboeken", help=t("cli.doel_help"))
    z.add_argument("--stil", action="store_true", help=t("cli.stil_help"))
    z.set_defaults(run=klaarzetten)
    b = sub.add_parser("backup", help=t("cli.backup_help"))
    b.add_argument("--uit", required=True, help=t("cli.backup_uit_help"))
    b.add_argument("--homes", default="/home", help=t("cli.homes_help"))
    b.set_defaults(run=backup)
    a = sub.add_parser("app", help=t("cli.app_help"))
    a.add_argument("--poort", type=int, default=8866, help=t("cli.poort_help"))
    a.add_argument("--geen-browser", action="store_true", help=t("cli.geen_browser_help"))
    a.set_defaults(run=app)
    args = parser.parse_args(argv)
    if getattr(args, "drempel", 5) < 1:
        parser.error(t("cli.drempel_help"))
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
