"""Every URL pattern of the project, collected from the resolver, and an example path for each
(tests/test_url_matrix.py): parameters are filled by name with ids of real objects."""

import re
from dataclasses import dataclass

from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from ideas.views.comments import comment_urlpatterns

OUR_MODULES = (
    "accounts.",
    "challenges.",
    "clustering.",
    "core.",
    "ideas.",
    "moderation.",
    "notifications.",
    "procedures.",
    "triage.",
    "transparency.",
    "opendata.",
    "api.",
    "surveys.",
    "prioritisation.",
    "workshops.",
)
# Wagtail's page serving answers our campaign and challenge pages. In the admin, every named URL
# outside Wagtail's own "wagtail..." namespaces was registered by one of our apps (viewsets such
# as staff_posts use Wagtail's generic view classes), so it needs expectations too.
OUR_NAMES = ("wagtail_serve",)
# Unnamed regex groups, per URL (name or view): the parameter names to fill them with, in order.
POSITIONAL = {
    "comments-flag": ("comment_id",),
    "comments-xtd-like": ("comment_id",),
    "comments-xtd-dislike": ("comment_id",),
    "comments-url-redirect": ("content_type_id", "object_id"),
    "wagtaildocs_serve": ("document_id", "filename"),
    "wagtail_serve": ("page_path",),
}


@dataclass(frozen=True)
class Route:
    template: str  # the concatenated patterns, e.g. "posts/<int:pk>/support/"
    name: str | None  # "namespace:name"
    view: str  # dotted path of the view
    parts: tuple  # the pattern objects from the root resolver down
    in_our_urlconf: bool  # mounted from one of our URL lists (comment wrappers)

    @property
    def key(self):
        """The expectation key: URL name, else the view; format-suffix variants may differ."""
        key = self.name or self.view
        return f"{key}[.format]" if "format" in self.template else key

    @property
    def base_key(self):
        return self.name or self.view

    @property
    def namespace(self):
        return self.name.rpartition(":")[0] if self.name else ""

    @property
    def kind(self):
        in_admin = self.template.startswith("admin/")
        if (
            self.in_our_urlconf
            or self.view.startswith(OUR_MODULES)
            or self.name in OUR_NAMES
            or (in_admin and self.name and not self.name.startswith("wagtail"))
        ):
            return "ours"
        if in_admin:
            return "wagtail_admin"
        if self.template.startswith("django-admin/"):
            return "django_admin"
        return "third_party"


def collect_routes(patterns=None, parts=(), namespace="", ours=False):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            mine = ours or entry.urlconf_name is comment_urlpatterns
            yield from collect_routes(entry.url_patterns, parts + (entry.pattern,), inner, mine)
            continue
        name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
        chain = parts + (entry.pattern,)
        # Joined like Django's ResolverMatch.route: a leading "^" of an inner regex is dropped.
        template = ""
        for pattern in chain:
            template += str(pattern).removeprefix("^") if template else str(pattern)
        yield Route(template, name, entry.lookup_str, chain, ours)


def _closing_paren(regex, start):
    depth = 0
    for i in range(start, len(regex)):
        if regex[i - 1] == "\\" and i > start:
            continue
        depth += {"(": 1, ")": -1}.get(regex[i], 0)
        if depth == 0:
            return i
    raise ValueError(regex)


ESCAPES = {"d": "1", "w": "a"}  # an example character for \d and \w


def _fill_regex(regex, value_of, positional):
    """An example string for a URL regex: named groups get values by name, unnamed ones the
    next positional value, (?:a|b) its first choice, [a-z] its first character; quantifiers
    go (an optional "/" stays)."""
    out, i = [], 0
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            out.append(ESCAPES.get(regex[i + 1], regex[i + 1]))
            i += 2
        elif char == "(":
            end = _closing_paren(regex, i)
            inner = regex[i + 1 : end]
            named = re.match(r"\?P<(\w+)>", inner)
            if named:
                out.append(str(value_of(named.group(1))))
            elif inner.startswith("?:"):
                out.append(_fill_regex(inner[2:].split("|")[0], value_of, positional))
            else:
                out.append(str(next(positional)))
            i = end + 1
        elif char == "[":
            first = regex[i + 1 : i + 3]
            out.append(ESCAPES.get(first[1], first[1]) if first[0] == "\\" else first[0])
            i = regex.index("]", i + 2) + 1
        elif char == "." and regex[i + 1 : i + 2] in ("*", "+"):
            out.append("no-such-page")
            i += 2
        else:
            out.append("" if char in "^$?*+" else char)
            i += 1
    return "".join(out)


def _fill_route(route, value_of):
    def replace(match):
        converter, name = match.groups()
        return ".json" if converter == "drf_format_suffix" else str(value_of(name))

    return re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)


def example_path(route, values, scoped):
    """The path of `route`, every parameter filled by name: first from the values scoped to its
    URL name or namespace, then from the general ones (KeyError: a name has no value). A `pk`
    with no scoped value gets an id that does not exist."""

    def value_of(name):
        for scope in (route.name, route.namespace):
            if name in scoped.get(scope, {}):
                return scoped[scope][name]
        return values[name] if name != "pk" else values.get("pk", 999999)

    positional = (values[name] for name in POSITIONAL.get(route.base_key, ()))
    pieces = []
    for pattern in route.parts:
        if isinstance(pattern, RoutePattern):
            pieces.append(_fill_route(pattern._route, value_of))
        else:
            pieces.append(_fill_regex(pattern._regex, value_of, positional))
    return "/" + "".join(pieces).lstrip("/")
