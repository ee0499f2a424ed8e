"""The speed layer, in one box: fragments of a view rendered once, and the switches that turn each
speed-up off (a build with any of them off writes the same bytes: tests/test_equivalence.py). The
build record (record.py: a build renders only the reports changed since the last one) is switched here
too.

A fragment (a paragraph, a heading, a section summary, the contents list, the full text, the glossary,
the key figures) is the same on every page of one report in one view: the links inside it are marks
that each page resolves last (links.py). Templates ask for a fragment by its name
(`{% call ctx.fragment.unit(id) %}…{% endcall %}`); the cache keys it by that name and its arguments,
and owns which fragments an edit leaves valid (`after_edit`). A fragment may use only view-level data:
reading the page (or its link-preview data) while a fragment renders is an error naming the template
and line, so a value that differs between the pages of a view can never be frozen into all of them.
The links of a view's pages are worked out once per view too (FragmentCache.links).

Below the cache, Jinja made quicker where a page spends most (QuickCallContext: every call a template
makes; QuickTemplate: every value it writes), with the same output as Jinja's own.
"""

import posixpath
import types
from typing import NamedTuple, Optional

import jinja2
from jinja2.runtime import Context, Macro
from markupsafe import Markup, escape

try:
    from markupsafe._speedups import _escape_inner  # what markupsafe.escape runs on a str, in C
except ImportError:  # markupsafe without its C speedups: the same text through its own function
    def _escape_inner(text):
        return str(escape(text))

UNIT, HEADING, SUBTITLE, SUMMARY, CONTENTS, FULL_TEXT, GLOSSARY, FIGURES, ABOUT = (
    "unit", "heading", "subtitle", "summary", "contents", "full_text", "glossary", "figures", "about")


class Speed(NamedTuple):
    """The build's speed-ups, each of which may be turned off without changing a byte of the site."""
    fragments: bool = True         # render each fragment once per view, resolve each link once per view
    workers: Optional[int] = None  # forked processes rendering pages (None: one per core, up to 4)
    fast_lookup: bool = True       # Jinja environment with a quicker `a.b` on plain dicts (render.py),
                                   # quicker calls (QuickCallContext) and `{{ … }}` (QuickTemplate)
    record: bool = True            # render only the reports changed since the last build (record.py)


class FragmentError(jinja2.TemplateRuntimeError):
    """A page-level value read inside a fragment that every page of the view shares."""


RENDERING = [0]  # how many fragments are being rendered right now, nested (one process, one thread)


class PageLevel(dict):
    """A page-level value as templates see it (the page, its link-preview data): reading one of its
    fields while a fragment renders is a FragmentError."""
    __slots__ = ("_name",)

    def __init__(self, name, fields):
        super().__init__(fields)
        self._name = name

    def __getitem__(self, key):
        if RENDERING[0]:
            raise FragmentError(f"{self._name}.{key} is read inside a fragment shared by every page of its "
                                "view (ctx.fragment.…); expected only view-level data there")
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        return self[key] if key in self else default


class FragmentCache:
    """Rendered fragments per report view, {(report id, view): {key: html}}. `keep`: hold every view's
    fragments to the end of the build (a rebuild starts from them); otherwise a view's fragments are
    dropped once its pages are done, so memory stays that of one view however many reports."""

    def __init__(self, enabled=True, keep=True, views=None):
        self.enabled, self.keep, self._views = enabled, keep, views if views is not None else {}
        self._links = {}  # group → {mark: href}: see links()

    @staticmethod
    def group(page):
        """Pages that show the same fragments: one report in one view (they go to the same worker)."""
        return (page["report"]["id"] if page["report"] else None, page["view"])

    def view(self, report_id, view):
        return ViewFragments(self._views.setdefault((report_id, view), {}) if self.enabled else {}, self.enabled)

    def links(self, page):
        """The links already resolved for pages in `page`'s folder, {mark: href}, for links.resolve_links
        to use and add to; None: the page resolves its own. A view's pages share one folder, and from a
        folder a mark always becomes the same relative href, so each link of the contents list, of a
        paragraph or of the pager is worked out once per view, not once per page. Not shared: a
        single-file copy's and the 404 page's (their links are #anchors, data: URIs or absolute) and
        the landing page's (alone in its folder)."""
        if not self.enabled or not page["report"] or page["kind"] in ("offline", "404"):
            return None
        return self._links.setdefault(self.group(page), {}).setdefault(posixpath.dirname(page["path"]), {})

    def release(self, group):
        """The pages of `group` are done."""
        if not self.keep:
            self._views.pop(group, None)
            self._links.pop(group, None)

    def export(self, groups):
        """What a worker sends back for the build to keep: its groups' fragments."""
        return {g: self._views[g] for g in groups if g in self._views} if self.keep else {}

    def merge(self, exported):
        self._views.update(exported)

    def after_edit(self, changed):
        """A cache for the rebuild after an edit to paragraphs (incremental.changes' `changed`): the
        fragments it left as they were. Gone: the changed paragraphs, the full text that holds them,
        and the glossary or the key figures when their links changed. None: anything else changed."""
        if changed is None:
            return FragmentCache(self.enabled, self.keep)
        kept = {}
        for (rid, view), by_key in self._views.items():
            c = changed.get(rid)
            kept[(rid, view)] = by_key if c is None else {
                key: html for key, html in by_key.items()
                if not ((key[0] == UNIT and key[1] in c["units"]) or key[0] == FULL_TEXT
                        or (key[0] in (GLOSSARY, FIGURES) and c[key[0]]))}
        return FragmentCache(self.enabled, self.keep, kept)


class ViewFragments:
    """The fragments of one report view, as templates ask for them (`ctx.fragment`). Each named
    function renders its fragment (the `{% call %}` block: `caller`) the first time, then returns it."""
    __slots__ = ("_store", "_enabled")

    def __init__(self, store, enabled):
        self._store, self._enabled = store, enabled

    def unit(self, uid, caller):
        """A paragraph (or a zh/en pair side by side)."""
        return self._once((UNIT, uid), caller)

    def rendered_unit(self, uid):
        """The paragraph if it was rendered before, else None (a quick path for long lists of units)."""
        return self._store.get((UNIT, uid))

    def heading(self, uid, kind, continued, flagged, caller):
        """A part's or section's heading words; `continued`: with the "(continued)" mark; `flagged`: an
        untranslated heading says so (not inside a page's <title>)."""
        return self._once((HEADING, uid, kind, continued, flagged), caller)

    def subtitle(self, uid, caller):
        """A part's subtitle line (——…)."""
        return self._once((SUBTITLE, uid), caller)

    def summary(self, uid, caller):
        return self._once((SUMMARY, uid), caller)

    def contents(self, offline, open_part, caller):
        """The contents list; a single-file copy's has no link to itself (`offline`), and in a very large
        report only one part shows its sections (`open_part`; None: every part). Both go to the block."""
        return self._once((CONTENTS, offline, open_part), caller, offline, open_part)

    def full_text(self, offline, caller):
        """The whole report; a single-file copy's leaves the appendix to its glossary (`offline`)."""
        return self._once((FULL_TEXT, offline), caller, offline)

    def glossary(self, caller):
        return self._once((GLOSSARY,), caller)

    def figures(self, caller):
        return self._once((FIGURES,), caller)

    def about(self, caller):
        """The editors' page (about.<lang>.md)."""
        return self._once((ABOUT,), caller)

    def _once(self, key, caller, *args):
        html = self._store.get(key)
        if html is None:
            RENDERING[0] += 1
            try:
                html = caller(*args)
            finally:
                RENDERING[0] -= 1
            if self._enabled:
                self._store[key] = html
        return html


# Callables that cannot carry Jinja's pass_context/pass_eval_context/pass_environment mark (an attribute
# on a Python function): builtins and the method wrappers of C types.
_UNMARKED = frozenset({types.BuiltinFunctionType, types.MethodWrapperType, types.WrapperDescriptorType,
                       types.MethodDescriptorType})


class QuickCallContext(Context):
    """Jinja's template context with a quicker `call`, which every call in a template goes through (a
    page makes a few hundred: macros, url(), ctx.urls.…, str.format). Jinja's asks each callable, and
    its __call__, whether it wants the context passed first: two attribute look-ups that fail for all
    but Jinja's own macros. Here a Python function or method is asked once, a builtin not at all, a
    macro gets the evaluation context as Jinja would give it; anything else goes to Jinja's own `call`.
    Same calls with the same arguments: a build with Speed(fast_lookup=False) uses Jinja's."""

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature: a template may pass `self=`
        kind = type(__obj)
        if kind is types.FunctionType or kind is types.MethodType:
            if hasattr(__obj, "jinja_pass_arg"):  # pass_context and the like: Jinja knows what to do
                return Context.call(__self, __obj, *args, **kwargs)
        elif kind is Macro:  # Macro.__call__ is pass_eval_context
            args = (__self.eval_ctx,) + args
            __obj = __obj.__call__
        elif kind not in _UNMARKED:
            return Context.call(__self, __obj, *args, **kwargs)
        if kwargs:  # every call inside a block or loop gets these; only a pass_context callable
            kwargs.pop("_block_vars", None)  # (Jinja's own path above) uses them
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a"
                                                " StopIteration exception")  # Jinja's words


def quick_escape(value):
    """What a template's `{{ value }}` writes, as markupsafe.escape writes it, without making a Markup
    object of each value (a page writes some five hundred): the compiled template joins what it writes
    into one string at once, so only the text counts. HTML that is already safe (a macro's output, a
    fragment, a link mark) is written as it is, not copied; anything else goes to markupsafe.escape."""
    kind = type(value)
    if kind is str:
        return _escape_inner(value)
    if kind is Markup:
        return value
    return escape(value)


class QuickTemplate(jinja2.Template):
    """Jinja's template, writing its `{{ … }}` values through quick_escape: a compiled template looks
    its `escape` up in its module's globals, which every function of the template shares."""

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        template = super().from_code(environment, code, globals, uptodate)
        template.root_render_func.__globals__["escape"] = quick_escape
        return template
