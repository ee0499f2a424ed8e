"""What `build.py serve` runs on every save: the build itself, with the record of the build before it
(record.py), so that only the reports an edit changed are rendered again and every other report's
files are left as they were, and with what it keeps in memory between rebuilds (session.py), so that
an edit to paragraphs renders only the pages it changed."""

from .pipeline import build
from .session import Session
from .speed import Speed


class Rebuild:
    """Builds into `out` again and again; `run()` returns build()'s result, whose `finish` (None, or
    what brings the single-file copies and the zips up to date) serve runs after the browser's reload."""

    def __init__(self, content_dir, templates_dir, static_dir, out, base_url=None, strict=False, speed=Speed()):
        self.content_dir, self.templates_dir, self.static_dir, self.out = content_dir, templates_dir, static_dir, out
        self.base_url, self.strict, self.speed = base_url, strict, speed
        self.session = Session(out, speed)

    def run(self):
        return build(self.content_dir, self.templates_dir, self.static_dir, self.out, base_url=self.base_url,
                     strict=self.strict, speed=self.speed, session=self.session)
