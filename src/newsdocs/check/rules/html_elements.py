"""What the HTML parsing rules say about each element, as far as malformed-html needs it:
which elements are void, end optionally, hold raw text, close an open paragraph, and so on.
"""

from __future__ import annotations

from typing import Final


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


VOID: Final = _names(
    "area base br col embed hr img input link meta source track wbr "
    "basefont bgsound frame image keygen param"
)
OPTIONAL_END: Final = _names(
    "p li dt dd tr td th thead tbody tfoot colgroup caption option optgroup "
    "rb rt rtc rp html head body"
)
# Elements whose content is text up to their own end tag, never markup.
RAW_TEXT: Final = _names("script style textarea title xmp iframe noembed noframes")
DOCUMENT_ELEMENTS: Final = frozenset(("html", "head", "body"))
HEADINGS: Final = _names("h1 h2 h3 h4 h5 h6")
# Start tags that end an open <p> ("close a p element" in the HTML tree builder).
ENDS_PARAGRAPH: Final = _names(
    """address article aside blockquote center details dialog dir div dl dd dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li listing main menu nav
    ol p plaintext pre search section summary table ul xmp"""
)
# Flow (block) elements that must not appear inside an inline-only element.
BLOCKS: Final = _names(
    """address article aside blockquote details dialog div dl fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre search section
    table ul"""
)
# Elements that may only hold phrasing (inline) content; headings included.
INLINE_ONLY: Final = _names(
    """abbr b bdi bdo big button cite code data dfn em i kbd label mark q s samp small span
    strike strong sub sup time tt u var h1 h2 h3 h4 h5 h6"""
)
# Their content model is their parent's, so an <a> inside a <span> is as inline as the span.
TRANSPARENT: Final = _names("a audio canvas del font ins map noscript slot video")
INTERACTIVE: Final = frozenset(("a", "button"))
# The tree builder's "special" elements: an implied </li> or </dd> never looks past them.
SPECIAL_LIST_BARRIERS: Final = _names(
    """applet area article aside base basefont bgsound blockquote body br button caption center
    col colgroup dd details dialog dir dl dt embed fieldset figcaption figure footer form frame
    frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link
    listing main marquee menu meta nav noembed noframes noscript object ol param plaintext pre
    script search section select source style summary table tbody td template textarea tfoot
    th thead title tr track ul wbr xmp mi mo mn ms mtext annotation-xml foreignobject"""
)
# End tags do not reach past these ("has an element in scope").
SCOPE_BOUNDARIES: Final = _names(
    """applet caption html table td th marquee object template
    mi mo mn ms mtext annotation-xml foreignobject"""
)
BUTTON_SCOPE_BOUNDARIES: Final = SCOPE_BOUNDARIES | {"button"}
TABLE_SCOPE_BOUNDARIES: Final = frozenset(("html", "table", "template"))
TABLE_END_TAGS: Final = _names("table caption colgroup thead tbody tfoot tr td th")
# A table start tag ends everything open above the nearest of these (or the table itself).
TABLE_START_STOPS: Final[dict[str, frozenset[str]]] = {
    "caption": frozenset(),
    "colgroup": frozenset(),
    "thead": frozenset(),
    "tbody": frozenset(),
    "tfoot": frozenset(),
    "tr": frozenset(("thead", "tbody", "tfoot")),
    "td": frozenset(("tr", "thead", "tbody", "tfoot")),
    "th": frozenset(("tr", "thead", "tbody", "tfoot")),
}
RUBY_TEXT: Final = frozenset(("rb", "rt", "rp"))
# Start tags that may end open elements before anything else is decided.
IMPLIES_END: Final = frozenset(
    ("li", "dd", "dt", "option", "optgroup", "rb", "rt", "rp", "rtc", *TABLE_START_STOPS)
)
FOREIGN_ROOTS: Final = frozenset(("svg", "math"))
HEAD_CONTENT: Final = _names("base link meta noscript script style template title")

_HTML_ELEMENTS = """a abbr acronym address applet area article aside audio b base basefont bdi
    bdo bgsound big blink blockquote body br button canvas caption center cite code col
    colgroup data datalist dd del details dfn dialog dir div dl dt em embed fencedframe
    fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header
    hgroup hr html i iframe image img input ins isindex kbd keygen label legend li link listing
    main map mark marquee menu menuitem meta meter multicol nav nextid nobr noembed noframes
    noscript object ol optgroup option output p param picture plaintext portal pre progress q
    rb rp rt rtc ruby s samp script search section select selectedcontent slot small source
    spacer span strike strong style sub summary sup table tbody td template textarea tfoot th
    thead time title tr track tt u ul var video wbr xmp"""
_SVG_ELEMENTS = """svg a animate animatemotion animatetransform circle clippath defs desc discard
    ellipse feblend fecolormatrix fecomponenttransfer fecomposite feconvolvematrix
    fediffuselighting fedisplacementmap fedistantlight fedropshadow feflood fefunca fefuncb
    fefuncg fefuncr fegaussianblur feimage femerge femergenode femorphology feoffset
    fepointlight fespecularlighting fespotlight fetile feturbulence filter foreignobject g
    image line lineargradient marker mask metadata mpath path pattern polygon polyline
    radialgradient rect set stop switch symbol text textpath tspan use view"""
_MATHML_ELEMENTS = """math maction annotation annotation-xml menclose merror mfenced mfrac mglyph
    mi mlabeledtr mmultiscripts mn mo mover mpadded mphantom mprescripts mroot mrow ms mspace
    msqrt mstyle msub msubsup msup mtable mtd mtext mtr munder munderover none semantics"""
KNOWN_ELEMENTS: Final = _names(f"{_HTML_ELEMENTS} {_SVG_ELEMENTS} {_MATHML_ELEMENTS}")
# Valueless attributes that are real, so '<b hidden>' is not mistaken for text.
BOOLEAN_ATTRIBUTES: Final = _names(
    """allowfullscreen async autofocus autoplay checked contenteditable controls default defer
    disabled download draggable formnovalidate hidden inert ismap itemscope loop multiple muted
    nomodule novalidate open playsinline popover readonly required reversed selected
    spellcheck translate"""
)
