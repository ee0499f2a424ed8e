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
