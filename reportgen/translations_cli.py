"""`python build.py translations …`: the termbase, exchange files for translators' tools, the translation
memory and the progress of each language."""

import os
import sys

from .errors import ContentErrors, ReportError


def add_parser(sub, content_default):
    p = sub.add_parser("translations", help="termbase, XLIFF/PO exchange, translation memory and progress")
    p.set_defaults(run=lambda args: (p.print_help(), 0)[1])
    tsub = p.add_subparsers(title="translation commands", metavar="COMMAND")

    t = tsub.add_parser("terms", help="export the termbase (content/terms.yaml) for CAT tools")
    t.add_argument("--format", choices=("tbx", "csv"), default="tbx")
    _common(t, content_default)
    t.set_defaults(run=cmd_terms)
    add_exchange(tsub, content_default)
    add_memory_and_status(tsub, content_default)
    return tsub


def _common(p, content_default):
    p.add_argument("--content", default=content_default, help="content folder (default: content)")
    p.add_argument("--out", help="file to write (default: print to standard output)")


def _emit(args, data):
    """Write to --out (atomically, never outside an existing folder) or to standard output."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not args.out:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    folder = os.path.dirname(os.path.abspath(args.out))
    if not os.path.isdir(folder):
        raise ReportError(args.out, None, "its folder does not exist; expected a file in an existing folder")
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, args.out)
    print(f"wrote {args.out}", file=sys.stderr)


def guarded(run):
    """A command's ReportError or ContentErrors as lines on standard error and exit status 1."""
    def wrapped(args):
        try:
            return run(args)
        except (ReportError, ContentErrors) as e:
            print(e, file=sys.stderr)
            return 1
    return wrapped


@guarded
def cmd_terms(args):
    from . import termbase
    entries = termbase.load(args.content)
    if not entries:
        raise ReportError(os.path.join(args.content, "terms.yaml"), None, "missing or empty; expected the termbase")
    _emit(args, termbase.to_tbx(entries) if args.format == "tbx" else termbase.to_csv(entries))
    return 0


def add_exchange(tsub, content_default):
    e = tsub.add_parser("export", help="write the units that need work as XLIFF 1.2, XLIFF 2.0 or PO")
    e.add_argument("report_id", metavar="ID", help="the report's id (its folder in content/)")
    e.add_argument("--lang", default="en")
    e.add_argument("--format", choices=("xliff", "xliff2", "po"), default="xliff",
                   help="xliff (1.2, the default: every CAT tool opens it), xliff2 (2.0) or po")
    e.add_argument("--all", action="store_true", help="every unit, not only those that need work")
    _common(e, content_default)
    e.set_defaults(run=cmd_export)

    i = tsub.add_parser("import", help="read a translated XLIFF or PO file into content/<id>/<lang>/")
    i.add_argument("file")
    i.add_argument("--lang", default="en")
    i.add_argument("--content", default=content_default, help="content folder (default: content)")
    i.add_argument("--dry-run", action="store_true", help="check and summarise, write nothing")
    i.set_defaults(run=cmd_import)


@guarded
def cmd_export(args):
    from .exchange import find_report, work_units
    from .exchange_formats import write
    _, report = find_report(args.content, args.report_id)
    items = work_units(report, args.lang, everything=args.all, suggest=_suggester(args.content, report, args.lang))
    _emit(args, write(items, args.report_id, args.lang, args.format))
    units = len({i["unit"] for i in items})
    print(f"{args.report_id} ({args.lang}): {units} unit(s), {len(items)} string(s) exported", file=sys.stderr)
    return 0


def _suggester(content_dir, report, lang):
    from .memory import sentence_suggester
    return sentence_suggester(content_dir, report["id"], lang)


@guarded
def cmd_import(args):
    from .exchange_import import import_file
    summary, status = import_file(args.file, args.content, args.lang, dry_run=args.dry_run)
    print("\n".join(summary))
    return status


def add_memory_and_status(tsub, content_default):
    m = tsub.add_parser("memory", help="export the translation memory of every report (TMX)")
    m.add_argument("--format", choices=("tmx",), default="tmx")
    m.add_argument("--lang", default="en")
    _common(m, content_default)
    m.set_defaults(run=cmd_memory)

    f = tsub.add_parser("fill", help="fill a report's untranslated units from the other reports' translations, "
                        "as ingest does (after another report was translated)")
    f.add_argument("report_id", metavar="ID")
    f.add_argument("--lang", default="en")
    f.add_argument("--content", default=content_default, help="content folder (default: content)")
    f.set_defaults(run=cmd_fill)

    s = tsub.add_parser("status", help="per report and language: translated, out of date, from memory, "
                        "untranslated, termbase warnings")
    s.add_argument("--content", default=content_default, help="content folder (default: content)")
    s.set_defaults(run=cmd_status)


@guarded
def cmd_memory(args):
    from .corpus import all_reports
    from .memory import entries, to_tmx
    reports = all_reports(args.content)
    _emit(args, to_tmx(reports, args.lang))
    print(f"translation memory: {len(entries(reports, args.lang))} checked string(s) from {len(reports)} report(s)",
          file=sys.stderr)
    return 0


@guarded
def cmd_fill(args):
    from .exchange import find_report
    from .memory import ingest_summary
    find_report(args.content, args.report_id)  # an unknown id is named with the known ones
    print(ingest_summary(args.content, args.report_id, args.lang))
    return 0


@guarded
def cmd_status(args):
    from .coverage import status_table
    print(status_table(args.content))
    return 0
