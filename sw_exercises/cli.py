"""The `werkboek` command for lecturers.

    werkboek klas <map-of-zip> [--uit overzicht.html] [--csv overzicht.csv] [--drempel 5]
    werkboek inlevermap <map> --docent <login> [--groep <groep>] [--groep-mag-bekijken]
    werkboek pakket --werkboeken 01_sociale_afstand,02_viervenstermodel --deadline 18-12-2026 [--uit pakket.zip]
    werkboek app [--poort 8866] [--geen-browser]      (for students: the workbooks without code)
    werkboek klaarzetten [--doel ~/werkboeken]      (students; a JupyterHub runs it at every start)
    werkboek backup --uit <map> [--homes /home]     (server admins: an online copy of every store)

Everything the user reads is Dutch, argparse's own words included (:class:`DutchArgumentParser`).
A mistake of the user ends in one Dutch sentence on stderr, never a traceback; anything else is
caught in :func:`main`, which writes the traceback to a log file and says where it is.

Exit codes: 0 done; 1 partly done (some backups failed, nothing to back up) or an unexpected error;
2 wrong input (argparse's code for the same thing); 130 stopped with Ctrl+C.
"""
from __future__ import annotations

import argparse
import errno
import os
import re
import sys
import tempfile
import traceback
from datetime import date, datetime
from pathlib import Path

from .i18n import t, tn

USER_ERROR = 2


class UserError(Exception):
    """Something the user can put right; ``message`` is Dutch and shown as it is."""

    def __init__(self, message: str, code: int = USER_ERROR):
        super().__init__(message)
        self.message = message
        self.code = code


# --- Dutch argparse ------------------------------------------------------------------------------

def _argparse_detail(message: str) -> str | None:
    """Dutch for the part of an argparse message after ``argument X:``; None if not argparse's own."""
    if match := re.fullmatch(r"invalid (\w+) value: (.+)", message):
        return t("cli.arg_invalid_value", value=match.group(2))
    if match := re.fullmatch(r"invalid choice: (.+?) \(choose from (.+)\)", message):
        return t("cli.arg_invalid_choice", value=match.group(1), choices=match.group(2))
    if message in ("expected one argument", "expected at least one argument", "expected at most one argument") \
            or re.fullmatch(r"expected \d+ arguments?", message):
        return t("cli.arg_expected_value")
    if match := re.fullmatch(r"not allowed with argument (.+)", message):
        return t("cli.arg_not_together", other=match.group(1))
    if match := re.fullmatch(r"ignored explicit argument (.+)", message):
        return t("cli.arg_no_value", value=match.group(1))
    return None


def dutch_argparse_message(message: str) -> str:
    """argparse's English error message in Dutch. After ``argument X:`` our own argument types
    already speak Dutch (``ArgumentTypeError``), so an unknown detail there is kept as it is."""
    message = message.strip()
    if match := re.fullmatch(r"the following arguments are required: (.+)", message):
        return t("cli.arg_required", names=match.group(1))
    if match := re.fullmatch(r"unrecognized arguments: (.+)", message):
        return t("cli.arg_unrecognized", names=match.group(1))
    if match := re.fullmatch(r"ambiguous option: (\S+) could match (.+)", message):
        return t("cli.arg_ambiguous", option=match.group(1), matches=match.group(2))
    if match := re.fullmatch(r"one of the arguments (.+) is required", message):
        return t("cli.arg_one_of", names=match.group(1))
    if match := re.fullmatch(r"argument (\S+): (.+)", message, flags=re.DOTALL):
        detail = _argparse_detail(match.group(2))
        return t("cli.arg_problem", argument=match.group(1), detail=detail or match.group(2))
    # A message this table does not know (another Python version): no English to the user.
    return _argparse_detail(message) or t("cli.arg_other")


class DutchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, t("cli.usage_prefix") if prefix is None else prefix)


class DutchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Dutch: usage, section titles, ``-h`` and every error (exit code 2)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", DutchHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = t("cli.positionals")
        self._optionals.title = t("cli.optionals")
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=t("cli.help_help"))

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(USER_ERROR, t("cli.error_line", prog=self.prog, message=dutch_argparse_message(message)) + "\n")


# --- argument types ------------------------------------------------------------------------------

def _whole_number(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.not_a_number", value=text)) from None


def threshold_type(text: str) -> int:
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(t("cli.threshold_too_small", value=value))
    return value


def port_type(text: str) -> int:
    value = _whole_number(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(t("cli.port_range", value=value))
    return value


def deadline_type(text: str) -> date:
    from .dates import DateError, parse_dutch_date

    try:
        return parse_dutch_date(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# --- files ---------------------------------------------------------------------------------------

def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Dutch (the system's own text is English on most machines)."""
    code = exc.errno
    if code == errno.ENOENT:
        return t("cli.os_missing")
    if code in (errno.EACCES, errno.EPERM):
        return t("cli.os_denied")
    if code == errno.ENOTDIR:
        return t("cli.os_not_folder")
    if code == errno.EEXIST:
        return t("cli.os_exists")
    if code == errno.EISDIR:
        return t("cli.os_is_folder")
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return t("cli.os_full")
    if code == errno.EROFS:
        return t("cli.os_read_only")
    if code == errno.ENAMETOOLONG:
        return t("cli.os_too_long")
    return t("cli.os_other", code=errno.errorcode.get(code or 0, str(code)))


def _input_path(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.exists():
        raise UserError(t("cli.missing", path=str(path)))
    return path


def prepare_output(text: str | Path) -> Path:
    """The output file ``text``, with its folder made; a Dutch :class:`UserError` if that cannot be."""
    path = Path(text).expanduser()
    if path.is_dir():
        raise UserError(t("cli.output_is_folder", path=str(path)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(t("cli.output_folder_failed", folder=str(path.parent), reason=os_reason(exc))) from None
    return path


def write_output(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` completely or not at all (temporary file, then rename)."""
    temporary = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise UserError(t("cli.write_failed", path=str(path), reason=os_reason(exc))) from None
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
    print(t("cli.written", path=str(path)))


# --- commands ------------------------------------------------------------------------------------

def _progress(done: int, total: int) -> None:
    print(f"\r{t('cli.progress', done=done, total=total)}", end="", file=sys.stderr, flush=True)


def read_class(source: Path, threshold: int):
    """One reading of the class: (intake report, overview). Live mode can call this round after round."""
    from .classroom import class_overview_from

    report, overview = class_overview_from(source, threshold=threshold, progress=_progress)
    print(file=sys.stderr)
    return report, overview


def klas(args: argparse.Namespace) -> int:
    from .classroom.report import intake_text, overview_csv, overview_html

    source = _input_path(args.pad)
    html_path = prepare_output(args.uit)  # before reading: a wrong output path fails at once
    if args.live:
        return _klas_live(source, html_path, args)
    csv_path = prepare_output(args.csv) if args.csv else None
    report, overview = read_class(source, args.drempel)
    print(intake_text(report, overview))
    if not report.accepted:
        raise UserError(t("cli.no_handins", path=str(source), refused=len(report.refused)))
    write_output(html_path, overview_html(overview))
    if csv_path is not None:
        write_output(csv_path, overview_csv(overview))
    return 0


def _klas_live(source: Path, out: Path, args: argparse.Namespace) -> int:
    """Rewrite the overview page whenever the course folder changes, until Ctrl+C. The page reloads
    itself (meta refresh), so a browser on the projector follows along; no intake report, no names."""
    import time

    from .classroom.live import LiveOverview
    from .classroom.report import handins_text, overview_html
    from .formats import format_time

    if not source.is_dir():
        raise UserError(t("cli.live_needs_folder", path=str(source)))
    live = LiveOverview(source, threshold=args.drempel)
    print(t("cli.live_started", path=str(out), seconds=args.interval), file=sys.stderr)
    try:
        while True:
            if live.poll():
                write_output(out, overview_html(live.overview, refresh=max(2, round(args.interval))))
                print(t("cli.live_update", when=format_time(datetime.now()), handins=handins_text(live.overview)),
                      flush=True)
            if args.rondes and live.reads >= args.rondes:  # for scripts: stop after n reads
                return 0
            time.sleep(args.interval)
    except KeyboardInterrupt:
        print(t("cli.live_stopped"), file=sys.stderr)
        return 0


def _seconds(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.not_a_number", value=text)) from None
    if not 0.1 <= value <= 3600:
        raise argparse.ArgumentTypeError(t("cli.bad_interval", text=text))
    return value


def pakket(args: argparse.Namespace) -> int:
    from .classroom.pack import available_workbooks, make_pack
    from .dates import format_dutch_date

    names = [w.strip() for w in args.werkboeken.split(",") if w.strip()]
    if not names:
        raise UserError(t("cli.no_workbooks_chosen", available=", ".join(available_workbooks())))
    deadline: date = args.deadline
    if deadline < date.today() and not args.ook_verleden:
        raise UserError(t("cli.deadline_past", deadline=format_dutch_date(deadline)))
    target = prepare_output(args.uit)
    try:
        path = make_pack(names, deadline, target, note=args.toelichting or "")
    except ValueError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(t("cli.write_failed", path=str(target), reason=os_reason(exc))) from None
    print(t("cli.written", path=str(path)))
    print(t("cli.pack_deadline", deadline=format_dutch_date(deadline)))
    return 0


def klaarzetten(args: argparse.Namespace) -> int:
    from .deploy import WorkbookSetupError, set_up

    target = Path(args.doel).expanduser()
    try:
        done = set_up(target, overwrite=args.overschrijven)
    except WorkbookSetupError as exc:
        cause = exc.__cause__
        if isinstance(cause, OSError):
            raise UserError(t("cli.setup_failed", path=str(target), reason=os_reason(cause))) from None
        raise UserError(str(exc)) from None
    if not args.stil:
        print(t("cli.set_up", copied=len(done.copied), kept=len(done.same), path=str(target)))
        if done.updated:
            print(tn("cli.set_up_updated", len(done.updated), names=", ".join(p.name for p in done.updated)))
        if done.replaced:
            print(tn("cli.set_up_replaced", len(done.replaced), names=", ".join(p.name for p in done.replaced),
                     kept=str(done.kept_in)))
        print(t("cli.set_up_next", path=str(target)))
    if done.changed:  # also with --stil: the student's own version stays, say how to get the new one
        print(t("cli.set_up_changed", n=len(done.changed), names=", ".join(p.name for p in done.changed)),
              file=sys.stderr)
    return 0


def backup(args: argparse.Namespace) -> int:
    from .deploy import STORE_IN_HOME, back_up_stores

    homes = Path(args.homes).expanduser()
    if not homes.exists():
        raise UserError(t("cli.missing", path=str(homes)))
    if not homes.is_dir():
        raise UserError(t("cli.not_a_folder", path=str(homes)))
    try:
        found = [home for home in homes.iterdir() if home.is_dir() and (home / STORE_IN_HOME).is_file()]
    except OSError as exc:
        raise UserError(t("cli.read_failed", path=str(homes), reason=os_reason(exc))) from None
    if not found:
        raise UserError(t("cli.backup_none", homes=str(homes), store=str(Path("<gebruiker>") / STORE_IN_HOME)), code=1)
    out = Path(args.uit).expanduser()
    if out.exists() and not out.is_dir():
        raise UserError(t("cli.not_a_folder", path=str(out)))
    try:
        done, failed = back_up_stores(homes, out)
    except OSError as exc:
        raise UserError(t("cli.backup_folder_failed", path=str(out), reason=os_reason(exc))) from None
    for user, reason in failed:
        print(t("cli.backup_failed", user=user, reason=reason), file=sys.stderr)
    print(tn("cli.backup_done", len(done), path=str(out)))
    return 1 if failed else 0


def app(args: argparse.Namespace) -> int:
    from .app import run

    return run(port=args.poort, open_browser=not args.geen_browser)


def inlevermap(args: argparse.Namespace) -> int:
    from .course_folder_admin import SetupError, create_course_folder

    try:
        lines = create_course_folder(Path(args.pad), args.docent, args.groep, group_lists=args.groep_mag_bekijken)
    except SetupError as exc:
        raise UserError(str(exc)) from None
    for line in lines:
        print(line)
    return 0


# --- the parser ----------------------------------------------------------------------------------

def _add_klas(sub) -> None:
    k = sub.add_parser("klas", help=t("cli.klas_help"), description=t("cli.klas_help"))
    k.add_argument("pad", metavar="MAP_OF_ZIP", help=t("cli.pad_help"))
    k.add_argument("--uit", metavar="BESTAND", default="klasoverzicht.html", help=t("cli.uit_help"))
    k.add_argument("--csv", metavar="BESTAND", help=t("cli.csv_help"))
    k.add_argument("--drempel", metavar="AANTAL", type=threshold_type, default=5, help=t("cli.drempel_help"))
    k.add_argument("--live", action="store_true", help=t("cli.live_help"))
    k.add_argument("--interval", metavar="SECONDEN", type=_seconds, default=5.0, help=t("cli.interval_help"))
    k.add_argument("--rondes", type=int, default=0, help=argparse.SUPPRESS)
    # Live mode adds its options here and repeats read_class() + write_output() per round.
    k.set_defaults(run=klas)


def build_parser() -> DutchArgumentParser:
    parser = DutchArgumentParser(prog="werkboek", description=t("cli.description"))
    sub = parser.add_subparsers(dest="opdracht", required=True, title=t("cli.commands_title"),
                                parser_class=DutchArgumentParser)
    _add_klas(sub)
    f = sub.add_parser("inlevermap", help=t("cli.inlevermap_help"), description=t("cli.inlevermap_help"))
    f.add_argument("pad", metavar="MAP", help=t("cli.inlevermap_pad_help"))
    f.add_argument("--docent", metavar="LOGIN", required=True, help=t("cli.docent_help"))
    f.add_argument("--groep", metavar="GROEP", help=t("cli.groep_help"))
    f.add_argument("--groep-mag-bekijken", action="store_true", help=t("cli.groep_bekijkt_help"))
    f.set_defaults(run=inlevermap)
    p = sub.add_parser("pakket", help=t("cli.pakket_help"), description=t("cli.pakket_help"))
    p.add_argument("--werkboeken", metavar="NAMEN", required=True, help=t("cli.werkboeken_help"))
    p.add_argument("--deadline", metavar="DATUM", required=True, type=deadline_type, help=t("cli.deadline_help"))
    p.add_argument("--ook-verleden", action="store_true", help=t("cli.ook_verleden_help"))
    p.add_argument("--uit", metavar="BESTAND", default="opdracht-sociaal-werkboek.zip", help=t("cli.pakket_uit_help"))
    p.add_argument("--toelichting", metavar="TEKST", help=t("cli.toelichting_help"))
    p.set_defaults(run=pakket)
    z = sub.add_parser("klaarzetten", help=t("cli.klaarzetten_help"), description=t("cli.klaarzetten_help"))
    z.add_argument("--doel", metavar="MAP", default="~/werkboeken", help=t("cli.doel_help"))
    z.add_argument("--stil", action="store_true", help=t("cli.stil_help"))
    z.add_argument("--overschrijven", action="store_true", help=t("cli.overschrijven_help"))
    z.set_defaults(run=klaarzetten)
    b = sub.add_parser("backup", help=t("cli.backup_help"), description=t("cli.backup_help"))
    b.add_argument("--uit", metavar="MAP", required=True, help=t("cli.backup_uit_help"))
    b.add_argument("--homes", metavar="MAP", default="/home", help=t("cli.homes_help"))
    b.set_defaults(run=backup)
    a = sub.add_parser("app", help=t("cli.app_help"), description=t("cli.app_help"))
    a.add_argument("--poort", metavar="POORT", type=port_type, default=8866, help=t("cli.poort_help"))
    a.add_argument("--geen-browser", action="store_true", help=t("cli.geen_browser_help"))
    a.set_defaults(run=app)
    return parser


# --- last resort ---------------------------------------------------------------------------------

def write_error_log(text: str) -> Path | None:
    """Write ``text`` (a traceback) to a new private file in the temporary folder; None if that fails."""
    try:
        fd, name = tempfile.mkstemp(prefix="werkboek-fout-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"{datetime.now().isoformat(timespec='seconds')}  werkboek {' '.join(sys.argv[1:])}\n")
            fh.write(f"Python {sys.version.split()[0]} on {sys.platform}\n\n{text}")
    except OSError:
        return None
    return Path(name)


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


def main(argv: list[str] | None = None) -> int:
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help (0) or an argument error (2), already printed in Dutch
            return _exit_code(exc.code)
        return args.run(args)
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print(file=sys.stderr)
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - the last resort: a log and a Dutch sentence, never a traceback
        log = write_error_log(traceback.format_exc())
        print(t("cli.unexpected", log=str(log)) if log else t("cli.unexpected_no_log"), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
