/* mm-text-view-colors.c: JSON and HTML colours on the rows on screen.
 *
 * Each row is lexed from the state at its first byte shown: carried over
 * from the row above when it continues it (wrapped rows), else asked of
 * the structure index (JSON) or guessed from the last bracket (HTML), so
 * only what is on screen is ever lexed. Rows the structure index has not
 * reached are drawn plain and coloured again when it does; so is the first
 * frame, which must not wait for the colour styles to be resolved.
 *
 * Only the foreground is taken from a style: a bold or italic token would be
 * shaped apart from its neighbours, which doubles the cost of laying out a
 * row. Colours come from the current GtkSourceView style scheme the way its
 * own engine finds them: a style id the scheme lacks falls back through the
 * languages' style maps (json:keyname -> def:constant, js:string ->
 * def:string, ...). Those maps are written here as the language files have
 * them: asking GtkSourceView's language manager reads every language file
 * it has, 70 ms on the main thread; a test compares the two.
 */
#define G_LOG_DOMAIN "mm-text-view"

#include "config.h"

#include "mm-highlight.h"
#include "mm-text-view-private.h"

/* Each token's style, then what it maps to in json.lang, javascript.lang,
 * xml.lang and def.lang, in turn. */
static const char *const token_style_chains[MM_N_TOKENS][MM_STYLE_CHAIN_MAX + 1] = {
  [MM_TOKEN_KEY] = { "json:keyname", "def:constant" },
  [MM_TOKEN_STRING] = { "json:string", "js:string", "def:string", "def:constant" },
  [MM_TOKEN_ESCAPE] = { "json:special-char", "js:escape", "def:special-char" },
  [MM_TOKEN_NUMBER] = { "json:decimal", "def:decimal", "def:number", "def:constant" },
  [MM_TOKEN_BOOLEAN] = { "json:boolean", "js:boolean", "def:boolean", "def:special-constant", "def:constant" },
  [MM_TOKEN_NULL] = { "json:null-value", "js:null-value", "def:special-constant", "def:constant" },
  [MM_TOKEN_PUNCTUATION] = { "def:operator", "def:statement" },
  [MM_TOKEN_TAG] = { "xml:element-name", "def:identifier" },
  [MM_TOKEN_ELEMENT] = { "xml:element-name", "def:identifier" },
  [MM_TOKEN_ATTRIBUTE] = { "xml:attribute-name", "def:type" },
  [MM_TOKEN_ATTRIBUTE_VALUE] = { "xml:attribute-value", "def:string", "def:constant" },
  [MM_TOKEN_COMMENT] = { "xml:comment", "def:comment" },
  [MM_TOKEN_ENTITY] = { "xml:entity", "def:preprocessor" },
  [MM_TOKEN_DOCTYPE] = { "xml:doctype", "def:preprocessor" },
};

/* The style ids a token's colour is looked for under, NULL-terminated. */
const char *const *
_mm_text_view_token_style_chain (MmTokenKind kind)
{
  g_return_val_if_fail (kind < MM_N_TOKENS, NULL);

  return token_style_chains[kind];
}

/* The scheme's style for @id, or for what it falls back to. */
static void
parse_color (const char *spec,
             GdkRGBA    *color,
             const char *fallback)
{
  if (spec == NULL || !gdk_rgba_parse (color, spec))
    gdk_rgba_parse (color, fallback);
}

static gboolean
style_color (GtkSourceStyleScheme *scheme,
             const char           *style_id,
             const char           *property,
             GdkRGBA              *color)
{
  GtkSourceStyle *style = scheme ? gtk_source_style_scheme_get_style (scheme, style_id) : NULL;
  g_autofree char *spec = NULL;
  g_autofree char *set_name = g_strconcat (property, "-set", NULL);
  gboolean set = FALSE;

  if (style == NULL)
    return FALSE;

  g_object_get (style, set_name, &set, property, &spec, NULL);
  return set && spec != NULL && gdk_rgba_parse (color, spec);
}

/* Colours come from the GtkSourceView style scheme matching the light or
 * dark preference, so the view looks like the editors beside it. */
void
_mm_text_view_load_colors (MmTextView *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  MmViewColors *c = &self->colors;
  GdkRGBA old_bg = c->text_bg;

  self->scheme = NULL;
  if (self->scheme_id != NULL && self->scheme_id[0] != 0)
    self->scheme = gtk_source_style_scheme_manager_get_scheme (manager, self->scheme_id);
  if (self->scheme == NULL)
    self->scheme = gtk_source_style_scheme_manager_get_scheme (manager, self->dark ? "Adwaita-dark" : "Adwaita");
  if (self->scheme == NULL)
    self->scheme = gtk_source_style_scheme_manager_get_scheme (manager, self->dark ? "classic-dark" : "classic");

  parse_color (NULL, &c->text_fg, self->dark ? "#deddda" : "#000000");
  parse_color (NULL, &c->text_bg, self->dark ? "#1e1e1e" : "#ffffff");
  style_color (self->scheme, "text", "foreground", &c->text_fg);
  style_color (self->scheme, "text", "background", &c->text_bg);

  c->gutter_fg = c->text_fg;
  c->gutter_fg.alpha = 0.45;
  c->gutter_bg = c->text_bg;
  style_color (self->scheme, "line-numbers", "foreground", &c->gutter_fg);
  style_color (self->scheme, "line-numbers", "background", &c->gutter_bg);

  parse_color (NULL, &c->current_line, self->dark ? "rgba(255,255,255,0.05)" : "rgba(0,0,0,0.04)");
  style_color (self->scheme, "current-line", "background", &c->current_line);

  parse_color (NULL, &c->selection, self->dark ? "#1b4a7a" : "#c0d8f5");
  style_color (self->scheme, "selection", "background", &c->selection);

  c->caret = c->text_fg;
  style_color (self->scheme, "cursor", "foreground", &c->caret);

  parse_color (NULL, &c->escape_fg, self->dark ? "#ff7b63" : "#c01c28");
  style_color (self->scheme, "def:error", "foreground", &c->escape_fg);
  c->escape_bg = c->escape_fg;
  c->escape_bg.alpha = 0.14;

  /* Not from the scheme: schemes give special characters the colour of
   * errors, and an invisible character must not look like a bad byte. */
  parse_color (NULL, &c->invisible_fg, self->dark ? "#99c1f1" : "#1a5fb4");
  c->invisible_bg = c->invisible_fg;
  c->invisible_bg.alpha = 0.12;

  parse_color (NULL, &c->marker, self->dark ? "#62a0ea" : "#1c71d8");
  parse_color (NULL, &c->match, self->dark ? "rgba(246,211,45,0.35)" : "rgba(246,211,45,0.55)");
  style_color (self->scheme, "search-match", "background", &c->match);
  _mm_text_view_reset_token_styles (self);
  if (!gdk_rgba_equal (&old_bg, &c->text_bg))
    g_object_notify (G_OBJECT (self), "background");
}

/* Resolved once a scheme is chosen, when the first coloured row needs it. */
static void
ensure_token_styles (MmTextView *self)
{
  if (self->token_styles_ready || self->scheme == NULL)
    return;
  for (guint kind = 1; kind < MM_N_TOKENS; kind++)
    {
      MmTokenStyle *t = &self->token_styles[kind];
      GtkSourceStyle *style = NULL;
      g_autofree char *foreground = NULL;
      gboolean fg_set = FALSE;

      for (const char *const *id = token_style_chains[kind]; *id != NULL && style == NULL; id++)
        style = gtk_source_style_scheme_get_style (self->scheme, *id);
      memset (t, 0, sizeof *t);
      if (style == NULL)
        continue;
      g_object_get (style, "foreground-set", &fg_set, "foreground", &foreground, NULL);
      t->has_color = fg_set && foreground != NULL && gdk_rgba_parse (&t->color, foreground);
    }
  self->token_styles_ready = TRUE;
}

/* Forgets the styles: the scheme changed. */
void
_mm_text_view_reset_token_styles (MmTextView *self)
{
  self->token_styles_ready = FALSE;
}

/* Which colouring the document gets, decided when it is set. */
void
_mm_text_view_detect_markup (MmTextView *self)
{
  MmMappedFile *file = self->document ? mm_document_get_file (self->document) : NULL;

  self->markup = file != NULL &&
                 mm_highlight_is_markup (mm_document_get_path (self->document), mm_mapped_file_get_data (file),
                                         mm_mapped_file_get_valid_length (file));
  self->lex_at = G_MAXUINT64;
}

/* The widest run of blanks between two rows lexed across, not asked of
 * the index. */
#define BLANK_GAP_MAX 256

/* Lexes [start, end) into @tokens, from the carried state if it continues
 * the row lexed last. Sets colour_pending where the index is behind. */
static void
lex_span (MmTextView *self,
          guint64     start,
          guint64     end,
          GArray     *tokens)
{
  MmJsonIndex *json = mm_document_get_json_index (self->document);
  const guint8 *data = mm_mapped_file_get_data (mm_document_get_file (self->document));
  guint64 scanned = json ? mm_json_index_get_scanned (json) : 0;
  guint64 length = mm_document_get_length (self->document);
  gboolean carried;
  guint64 pos = start;

  /* The next line of NDJSON or of the pretty view: the blanks between are
   * lexed too, instead of asking the index for the state at @start. */
  if (self->lex_at != G_MAXUINT64 && start > self->lex_at && start - self->lex_at <= BLANK_GAP_MAX)
    {
      guint64 p = self->lex_at;

      while (p < start && (data[p] == ' ' || data[p] == '\n' || data[p] == '\r' || data[p] == '\t'))
        p++;
      if (p == start)
        {
          g_autoptr(GArray) gap = g_array_new (FALSE, FALSE, sizeof (MmToken));

          lex_span (self, self->lex_at, start, gap);
        }
    }
  carried = start == self->lex_at;

  while (pos < end)
    {
      gint region = json ? mm_json_index_find_region (json, pos) : -1;
      const MmJsonRegion *r = region >= 0 ? mm_json_index_get_region (json, (guint) region) : NULL;
      guint64 stop;

      if (r != NULL)
        {
          /* In JSON, as far as the index knows it. */
          stop = MIN (end, MIN (r->end, scanned));
          if (pos >= scanned)
            {
              self->colour_pending = TRUE;
              break;
            }
          if (!carried || self->lex_json_region != region)
            {
              MmJsonState state;

              if (!mm_json_index_get_state (json, pos, &state))
                break;
              self->lex.in_string = state.in_string;
              self->lex.is_key = state.is_key;
              /* A string's quotes are in it: at an opening quote (where
               * every pretty row with a key starts) the lexer is not yet. */
              if (state.in_string && data[pos] == '"' &&
                  (pos == r->start || !mm_json_index_get_state (json, pos - 1, &state) || !state.in_string))
                self->lex.in_string = FALSE;
            }
          self->lex_json_region = region;
          mm_highlight_json (data, MIN (length, scanned), pos, stop, &self->lex, tokens);
        }
      else
        {
          guint64 next = G_MAXUINT64;

          /* Up to the next region, if one starts within the span. */
          for (guint i = 0; json != NULL && i < mm_json_index_get_n_regions (json); i++)
            {
              const MmJsonRegion *n = mm_json_index_get_region (json, i);

              if (n->start > pos && n->start < next)
                next = n->start;
            }
          stop = MIN (end, next);
          if (!self->markup)
            {
              pos = stop;
              carried = FALSE;
              continue;
            }
          if (!carried || self->lex_json_region != -1)
            self->lex.html = mm_highlight_guess_html_mode (data, pos);
          self->lex_json_region = -1;
          mm_highlight_html (data, pos, stop, &self->lex, tokens);
        }
      carried = TRUE;
      pos = stop;
    }
  self->lex_at = pos == end ? end : G_MAXUINT64;
}

/* The text index of the first cell at or after file offset @offset. */
static guint
text_index_at (const MmRowText *text,
               guint64          offset)
{
  guint lo = 0, hi = text->n_cells;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (text->cell_offsets[mid] < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return text->cell_text[lo];
}

/**
 * _mm_text_view_add_color_attributes:
 * @prefix: bytes of the layout's text before the row's own
 *
 * Colours the tokens of the bytes @text shows into @attrs.
 */
void
_mm_text_view_add_color_attributes (MmTextView      *self,
                                    const MmRowText *text,
                                    PangoAttrList   *attrs,
                                    guint            prefix)
{
  g_autoptr(GArray) tokens = NULL;
  MmJsonIndex *json;
  guint64 start, end;

  if (self->document == NULL || text->n_cells == 0)
    return;
  json = mm_document_get_json_index (self->document);
  if (!self->markup && (json == NULL || mm_json_index_get_n_regions (json) == 0))
    return;
  /* The first frame goes out plain: resolving styles loads languages. */
  if (!self->drawn_text)
    {
      self->colour_pending = TRUE;
      return;
    }

  ensure_token_styles (self);
  start = text->cell_offsets[0];
  end = text->cell_offsets[text->n_cells];
  tokens = g_array_new (FALSE, FALSE, sizeof (MmToken));
  lex_span (self, start, end, tokens);

  for (guint i = 0; i < tokens->len; i++)
    {
      const MmToken *token = &g_array_index (tokens, MmToken, i);
      const MmTokenStyle *style = &self->token_styles[token->kind];
      guint from = prefix + text_index_at (text, token->start);
      guint to = prefix + text_index_at (text, token->end);
      PangoAttribute *attr;

      if (to <= from)
        continue;
      if (style->has_color)
        {
          attr = pango_attr_foreground_new (style->color.red * 65535, style->color.green * 65535,
                                            style->color.blue * 65535);
          attr->start_index = from;
          attr->end_index = to;
          pango_attr_list_insert (attrs, attr);
        }
    }
}

/* More is known (the index went on, the first frame is out): rows drawn
 * plain for want of it are laid out again. */
void
_mm_text_view_recolor (MmTextView *self)
{
  if (!self->colour_pending)
    return;
  self->colour_pending = FALSE;
  self->lex_at = G_MAXUINT64;
  _mm_text_view_invalidate (self);
  _mm_text_view_rebuild (self);
}

/**
 * _mm_text_view_dup_token_kinds:
 *
 * @carry: go on from the state the last call left (rows asked in order),
 *   as drawing does; else start from the index's state at the row
 *
 * For tests: the token kind of every byte of visible row @row, as a
 * string of letters ('-' for none, 'k'ey, 's'tring, 'e'scape, 'n'umber,
 * 'b'oolean, 'l' null, 'p'unctuation, 't'ag, 'E'lement, 'a'ttribute,
 * 'v'alue, 'c'omment, '&' entity, 'd'octype).
 */
char *
_mm_text_view_dup_token_kinds (MmTextView *self,
                               guint       row,
                               gboolean    carry)
{
  static const char letters[MM_N_TOKENS] = "-ksenblptEavc&d";
  MmVisibleRow *vr;
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (MmToken));
  GString *out;
  guint64 start, end;

  if (self->visible == NULL || row >= self->visible->len)
    return NULL;
  vr = g_ptr_array_index (self->visible, row);
  start = vr->text->cell_offsets[0];
  end = vr->text->cell_offsets[vr->text->n_cells];
  if (!carry)
    self->lex_at = G_MAXUINT64;
  lex_span (self, start, end, tokens);
  if (!carry)
    self->lex_at = G_MAXUINT64;

  out = g_string_new (NULL);
  g_string_set_size (out, (gsize) (end - start));
  memset (out->str, '-', out->len);
  for (guint i = 0; i < tokens->len; i++)
    {
      const MmToken *token = &g_array_index (tokens, MmToken, i);

      for (guint64 p = MAX (token->start, start); p < MIN (token->end, end); p++)
        out->str[p - start] = letters[token->kind];
    }
  return g_string_free (out, FALSE);
}
