#!/usr/bin/env python3
"""Government work reports → a bilingual static website.

  python build.py                     build every report in content/ into site/
  python build.py ingest FILE --id ID turn a report's plain text into content/<id>/zh.yaml and report.yaml
  python build.py figures propose ID  propose a report's key figures (content/ID/figures.proposed.yaml)
  python build.py serve               build, serve on 127.0.0.1 and rebuild on every save
  python build.py stamp               mark translations as checked against the current Chinese
  python build.py translations …      termbase, XLIFF/PO for translators, translation memory, progress
"""

import argparse
import errno
import os
import re
import sys
import time

CONTENT, TEMPLATES, STATIC, SITE = "content", "templates", "static", "site"


def main(argv=None):
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show Chinese gets \u escapes, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `build.py ingest … | head`: the reader left; what was written stays written
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as e:
        print(f"{_failed(args)}\n{_os_problem(e, args)}", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 - the last resort: one line, never a traceback
        print(f"{_failed(args)}\n{_bug(e)}", file=sys.stderr)
        return 1


def _command(args):
    return getattr(args.run, "__name__", "cmd_build")[4:]


def _failed(args):
    """The headline of a failure: what was left as it was (builds are staged, ingest and stamp write
    each file in one step)."""
    if _command(args) in ("build", "serve"):
        return f"{_command(args)} failed; {args.out}/ was left as it was:"
    return f"{_command(args)} failed; {getattr(args, 'content', CONTENT)}/ was left as it was:"


_DISK_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _os_problem(e, args):
    """The system's words for a file that could not be read or written, naming it. A write that fails
    part-way (a full disk, a file size limit) comes without a file name: the line names the folder being
    written, whose disk is the one to free (a build writes the new site beside its output folder)."""
    if e.filename is None and e.errno in _DISK_FULL:
        building = _command(args) in ("build", "serve")
        folder = args.out if building else getattr(args, "content", CONTENT)
        return (f"{folder}: {e.strerror} while writing {'the new site' if building else 'into it'}; expected free "
                "space on its disk and no file size limit (ulimit -f) below the largest file written")
    place = e.filename if e.filename is not None else "a file"
    other = f" → {e.filename2}" if getattr(e, "filename2", None) else ""
    return f"{place}{other}: {e.strerror or e}; expected a readable input and a writable output folder with free space"


def _bug(e):
    import traceback
    frames = traceback.extract_tb(e.__traceback__)
    where = f" at {os.path.relpath(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return (f"internal error {type(e).__name__}: {str(e)[:200]!r}{where}. This is a bug in build.py, not a "
            "problem with your files; please report it, with this line and the command you ran, in the "
            "project's issue tracker")


def parse_args(argv):
    """Options are accepted before or after the command (`build.py --out X build` as `build.py build --out
    X`): a command's parser leaves an option it was not given unset, so it never hides the same option given
    before the command."""
    parser = _Parser(prog="build.py", description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:]))
    parser.set_defaults(run=cmd_build)
    _build_options(parser)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("build", help="build every report in content/ into site/ (the default)",
                       argument_default=argparse.SUPPRESS)
    _build_options(p)
    p.set_defaults(run=cmd_build)

    p = sub.add_parser("ingest", help="turn a report's plain text (seeds/*.txt) into content/<id>/zh.yaml",
                       argument_default=argparse.SUPPRESS)
    p.add_argument("source", nargs="+", help="the report's plain text (UTF-8, UTF-8 with BOM, GB18030/GBK)")
    p.add_argument("--content", type=_folder, help="content folder (default: content)")
    p.add_argument("--id", dest="report_id", default=None, help="report id: lowercase ASCII letters, digits and "
                   "hyphens (default: from the file name, jianghan-2025)")
    p.add_argument("--explain", action="store_true", default=False,
                   help="print the structure found as an outline; write nothing")
    p.add_argument("--replace", action="store_true", default=False, help="replace the report already held under "
                   "this id, even when it is another report")
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("figures", help="propose a report's key figures from its text (figures propose ID)")
    p.add_argument("action", choices=["propose"], help="propose: write content/ID/figures.proposed.yaml")
    p.add_argument("ids", nargs="+", metavar="ID", help="report id(s)")
    p.add_argument("--content", type=_folder, default=CONTENT, help="content folder (default: content)")
    p.set_defaults(run=cmd_figures)

    p = sub.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild and reload on every save",
                       argument_default=argparse.SUPPRESS)
    _build_options(p)
    p.add_argument("--port", type=_port, default=8000, help="port, 1-65535 (default: 8000)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser("stamp", help="record that translations were checked against the current Chinese text",
                       argument_default=argparse.SUPPRESS)
    p.add_argument("ids", nargs="*", default=[], help="unit ids to stamp (default: every translated unit)")
    p.add_argument("--content", type=_folder)
    p.add_argument("--lang", default="en")
    p.set_defaults(run=cmd_stamp)

    from reportgen.translations_cli import add_parser as add_translations
    add_translations(sub, CONTENT)
    return parser.parse_args(argv)


class _Parser(argparse.ArgumentParser):
    """A wrong option is one line and status 1, like every other bad input (argparse prints its usage and
    exits 2)."""

    def error(self, message):
        self.exit(1, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _build_options(p):
    top = p.argument_default is None  # the main parser holds the defaults; a command's leaves them unset
    p.add_argument("--content", type=_folder, help="content folder (default: content)", **_default(top, CONTENT))
    p.add_argument("--templates", type=_folder, help="templates folder (default: templates)", **_default(top, TEMPLATES))
    p.add_argument("--static", type=_folder, help="static files folder (default: static)", **_default(top, STATIC))
    p.add_argument("--out", type=_folder, help="output folder (default: site)", **_default(top, SITE))
    p.add_argument("--base-url", help="public address of the site, e.g. https://example.org/report/ "
                   "(adds canonical and OpenGraph URLs, sitemap.xml and robots.txt)", **_default(top, None))
    p.add_argument("--strict", action="store_true", help="treat warnings (missing translations) as errors",
                   **_default(top, False))
    p.add_argument("--quiet", action="store_true", help="print only problems", **_default(top, False))


def _default(top, value):
    return {"default": value} if top else {}


def _folder(text):
    if not text.strip() or text != text.strip() or re.search(r"[\x00-\x1f]", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a folder name; expected a path such as site")
    return text.rstrip("/") or "/"


def _port(text):
    if not re.fullmatch(r"[0-9]{1,5}", text) or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port; expected a whole number from 1 to 65535")
    return int(text)


def cmd_build(args):
    from reportgen.pipeline import build_reporting
    start = time.perf_counter()
    result = build_reporting(args, f"build failed; {args.out}/ was left as it was:")
    if result is None:
        return 1
    if not args.quiet:
        kept = result["pages"] - result["rendered"]
        print(f"built {result['pages']} pages for {result['reports']} report(s) into {args.out}/ "
              f"in {time.perf_counter() - start:.2f} s" + (f" ({kept} of them unchanged since the last build, "
                                                          "left as they were)" if kept else ""))
    return 0


def cmd_ingest(args):
    from reportgen.errors import ReportError
    from reportgen.ingest import ingest
    from reportgen.memory import ingest_summary
    if args.report_id and len(args.source) > 1:
        print("--id names one report; give one source file with it", file=sys.stderr)
        return 1
    status = 0
    for source in args.source:
        try:
            if args.explain:
                _explain(source)
                continue
            result = ingest(source, args.content, args.report_id, replace=args.replace)
        except ReportError as e:
            print(f"ingest failed; {args.content}/ was left as it was:\n{e}", file=sys.stderr)
            status = 1
            continue
        _print_ingest(source, args.content, result)
        try:
            print(f"  {ingest_summary(args.content, result[0])}")
        except OSError as e:  # zh.yaml is written: say so, not that content/ was left as it was
            print(f"translation memory not applied; {args.content}/{result[0]}/zh.yaml was written:\n"
                  f"{_os_problem(e, args)}", file=sys.stderr)
            status = 1
    return status


def _explain(source):
    from reportgen.explain import outline
    from reportgen.ingest import parse_file
    report, _ = parse_file(source)
    print("\n".join(outline(source, report)))


def _print_ingest(source, content, result):
    rid, encoding, summary, changes = result
    print(f"{source} ({encoding}) → {content}/{rid}/zh.yaml: {summary}")
    for path in result.created:
        print(f"  created {path}")
    for note in result.meta_notes:
        print(f"  report.yaml: {note}")
    if result.report_meta.get("needs_review") and result.created and result.created[-1].endswith("report.yaml"):
        print(f"  report.yaml: English formed by rule, to review: {', '.join(result.report_meta['needs_review'])}")
    removed = [u for u in result.removed]
    if removed:
        print(f"  removed {len(removed)} line(s) of web-page furniture (listed under removed: in zh.yaml):")
        for r in removed:
            print(f"    line {r['line']}: {r['text'][:50]} ({r['why']})")
    for j in result.joins:
        print(f"  joined line {j['line']} to the line before: {j['text']}")
    for w in result.warnings:
        print(f"  warning: {w}")
    for change in changes:
        print(f"  {change}")
    if not changes and not result.created:
        print("  no changes to ids; translations and editors' fields kept")


def cmd_figures(args):
    from reportgen.errors import ReportError
    from reportgen.propose import write_proposal
    status = 0
    for rid in args.ids:
        try:
            path, count, kept = write_proposal(args.content, rid)
        except ReportError as e:
            print(e, file=sys.stderr)   # one line: the file, the place, what was expected; nothing written
            status = 1
            continue
        print(f"{path}: {count} figure(s) proposed" + (f", {kept} kept as an editor marked them" if kept else ""))
    return status


def cmd_serve(args):
    from reportgen.serve import serve
    return serve(args)


def cmd_stamp(args):
    from reportgen.translation import stamp
    from reportgen.errors import ContentErrors, ReportError
    try:
        count = stamp(args.content, args.lang, args.ids)
    except (ContentErrors, ReportError) as e:
        print(f"stamp failed; {args.content}/ was left as it was:\n{e}", file=sys.stderr)
        return 1
    print(f"stamped {count} {args.lang} unit(s) as checked against the current Chinese text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
