"""The `werkboek` command for lecturers.

    werkboek klas <map-of-zip> [--uit overzicht.html] [--csv overzicht.csv] [--drempel 5]
    werkboek inlevermap <map> --docent <login> [--groep <groep>] [--groep-mag-bekijken]
    werkboek pakket --werkboeken 01_sociale_afstand,02_viervenstermodel --deadline 18-12-2026 [--ook-verleden] [--uit pakket.zip]
    werkboek app [--poort 8866] [--geen-browser]      (for students: the workbooks without code)
    werkboek klaarzetten [--doel ~/werkboeken]      (students; a JupyterHub runs it at every start)
    werkboek backup --uit <map> [--homes /home]     (server admins: an online copy of every store)
"""
from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import NoReturn

from .dates import DateError, dutch, parse_dutch_date
from .i18n import t


def _progress(done: int, total: int) -> None:
    print(f"\r{t('cli.progress', done=done, total=total)}", end="", file=sys.stderr, flush=True)


def klas(args: argparse.Namespace) -> int:
    from .classroom import class_overview_from
    from .classroom.report import intake_text, overview_csv, overview_html

    source = Path(args.pad).expanduser()
    if not source.exists():
        print(t("cli.missing", path=str(source)), file=sys.stderr)
        return 2
    if source.is_file() and source.suffix.lower() not in (".zip", ".json"):
        print(t("cli.not_handins", path=str(source)), file=sys.stderr)
        return 2
    if args.live:
        return _klas_live(source, args)
    report, overview = class_overview_from(source, threshold=args.drempel, progress=_progress)
    print(file=sys.stderr)
    print(intake_text(report, overview))
    outputs = [(Path(args.uit).expanduser(), overview_html(overview))]
    if args.csv:
        outputs.append((Path(args.csv).expanduser(), overview_csv(overview)))
    for out, text in outputs:
        if not _write(out, text):
            return 2
        print(t("cli.written", path=str(out)))
    return 0


def _klas_live(source: Path, args: argparse.Namespace) -> int:
    """Rewrite the overview page whenever the course folder changes, until Ctrl+C. The page reloads
    itself (meta refresh), so a browser on the projector follows along; no intake report, no names."""
    import time

    from .classroom.live import LiveOverview
    from .classroom.report import handins_text, overview_html

    if not source.is_dir():
        print(t("cli.live_needs_folder", path=str(source)), file=sys.stderr)
        return 2
    out = Path(args.uit).expanduser()
    live = LiveOverview(source, threshold=args.drempel)
    print(t("cli.live_started", path=str(out), seconds=args.interval), file=sys.stderr)
    try:
        while True:
            if live.poll():
                page = overview_html(live.overview, refresh=max(2, round(args.interval)))
                if not _write(out, page):
                    return 2
                print(t("cli.live_update", when=time.strftime("%H:%M:%S"), handins=handins_text(live.overview)),
                      flush=True)
            if args.rondes and live.reads >= args.rondes:  # for tests and scripts: stop after n reads
                return 0
            time.sleep(args.interval)
    except KeyboardInterrupt:
        print(t("cli.live_stopped"), file=sys.stderr)
        return 0


def _write(path: Path, text: str) -> bool:
    """Write ``text`` to ``path``, making missing folders; a Dutch message (no traceback) when it fails."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        print(t("cli.cannot_write", path=str(path), reason=exc.strerror or str(exc)), file=sys.stderr)
        return False
    return True


def pakket(args: argparse.Namespace) -> int:
    from .classroom.pack import make_pack

    try:
        deadline = parse_dutch_date(args.deadline)
    except DateError as exc:
        print(t(str(exc.args[0]), text=args.deadline), file=sys.stderr)
        return 2
    if deadline < date.today() and not args.ook_verleden:
        print(t("cli.deadline_past", date=dutch(deadline)), file=sys.stderr)
        return 2
    target = Path(args.uit).expanduser()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        path = make_pack([w.strip() for w in args.werkboeken.split(",") if w.strip()], deadline, target,
                         note=args.toelichting or "")
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(t("cli.cannot_write", path=str(target), reason=exc.strerror or str(exc)), file=sys.stderr)
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

    homes = Path(args.homes)
    if not homes.is_dir():
        print(t("cli.missing", path=str(homes)), file=sys.stderr)
        return 2
    try:
        done, failed = back_up_stores(homes, Path(args.uit))
    except OSError as exc:
        print(t("cli.cannot_write", path=args.uit, reason=exc.strerror or str(exc)), file=sys.stderr)
        return 2
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


class DutchParser(argparse.ArgumentParser):
    """argparse with every word Dutch: help headings, usage and errors (exit code 2, never a traceback)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, t("cli.error", prog=self.prog, message=message) + "\n")

    def format_help(self) -> str:
        return super().format_help()


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.not_a_number", text=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(t("cli.at_least_one", text=text))
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.not_a_number", text=text)) from None
    if not 0.1 <= value <= 3600:
        raise argparse.ArgumentTypeError(t("cli.bad_interval", text=text))
    return value


def _port(text: str) -> int:
    value = _positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(t("cli.bad_port", text=text))
    return value


@contextmanager
def _dutch_argparse():
    """argparse's own words (usage:, options, 'the following arguments are required', ...) in Dutch."""
    words = {
        "usage: ": t("cli.argparse.usage"), "positional arguments": t("cli.argparse.positional"),
        "options": t("cli.argparse.options"), "show this help message and exit": t("cli.argparse.help"),
        "the following arguments are required: %s": t("cli.argparse.required"),
        "unrecognized arguments: %s": t("cli.argparse.unrecognized"),
        "invalid choice: %(value)r (choose from %(choices)s)": t("cli.argparse.choice"),
        "argument %(argument_name)s: %(message)s": t("cli.argparse.argument"),
        "expected one argument": t("cli.argparse.one_argument"),
        "invalid %(type)s value: %(value)r": t("cli.argparse.invalid"),
        "ambiguous option: %(option)s could match %(matches)s": t("cli.argparse.ambiguous"),
        "not allowed with argument %s": t("cli.argparse.not_allowed"),
        "subcommands": t("cli.argparse.subcommands"),
    }
    original = argparse._
    argparse._ = lambda text: words.get(text, text)  # argparse looks its words up at run time
    try:
        yield
    finally:
        argparse._ = original


def build_parser() -> argparse.ArgumentParser:
    parser = DutchParser(prog="werkboek", description=t("cli.description"))
    sub = parser.add_subparsers(dest="command", required=True, title=t("cli.argparse.commands"),
                                metavar=t("cli.argparse.command"), parser_class=DutchParser)
    k = sub.add_parser("klas", help=t("cli.klas_help"), description=t("cli.klas_help"))
    k.add_argument("pad", help=t("cli.pad_help"))
    k.add_argument("--uit", default="klasoverzicht.html", help=t("cli.uit_help"))
    k.add_argument("--csv", help=t("cli.csv_help"))
    k.add_argument("--drempel", type=_positive_int, default=5, help=t("cli.drempel_help"))
    k.add_argument("--live", action="store_true", help=t("cli.live_help"))
    k.add_argument("--interval", type=_seconds, default=5.0, help=t("cli.interval_help"))
    k.add_argument("--rondes", type=_positive_int, default=0, help=argparse.SUPPRESS)
    k.set_defaults(run=klas)
    f = sub.add_parser("inlevermap", help=t("cli.inlevermap_help"), description=t("cli.inlevermap_help"))
    f.add_argument("pad", help=t("cli.inlevermap_pad_help"))
    f.add_argument("--docent", required=True, help=t("cli.docent_help"))
    f.add_argument("--groep", help=t("cli.groep_help"))
    f.add_argument("--groep-mag-bekijken", action="store_true", help=t("cli.groep_bekijkt_help"))
    f.set_defaults(run=inlevermap)
    p = sub.add_parser("pakket", help=t("cli.pakket_help"), description=t("cli.pakket_help"))
    p.add_argument("--werkboeken", required=True, help=t("cli.werkboeken_help"))
    p.add_argument("--deadline", required=True, help=t("cli.deadline_help"))
    p.add_argument("--ook-verleden", action="store_true", help=t("cli.ook_verleden_help"))
    p.add_argument("--uit", default="opdracht-sociaal-werkboek.zip", help=t("cli.pakket_uit_help"))
    p.add_argument("--toelichting", help=t("cli.toelichting_help"))
    p.set_defaults(run=pakket)
    z = sub.add_parser("klaarzetten", help=t("cli.klaarzetten_help"), description=t("cli.klaarzetten_help"))
    z.add_argument("--doel", default="~/werkboeken", help=t("cli.doel_help"))
    z.add_argument("--stil", action="store_true", help=t("cli.stil_help"))
    z.set_defaults(run=klaarzetten)
    b = sub.add_parser("backup", help=t("cli.backup_help"), description=t("cli.backup_help"))
    b.add_argument("--uit", required=True, help=t("cli.backup_uit_help"))
    b.add_argument("--homes", default="/home", help=t("cli.homes_help"))
    b.set_defaults(run=backup)
    a = sub.add_parser("app", help=t("cli.app_help"), description=t("cli.app_help"))
    a.add_argument("--poort", type=_port, default=8866, help=t("cli.poort_help"))
    a.add_argument("--geen-browser", action="store_true", help=t("cli.geen_browser_help"))
    a.set_defaults(run=app)
    return parser


def main(argv: list[str] | None = None) -> int:
    with _dutch_argparse():
        parser = build_parser()
        args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last resort: a Dutch message and a log, never a traceback
        from .widgets.handlers import log_error
        where = log_error(exc, f"werkboek {args.command}")
        print(t("cli.unexpected", reason=f"{type(exc).__name__}: {exc}"[:200],
                log=str(where) if where else "-"), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
