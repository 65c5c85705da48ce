/// Every key, once: the help overlay draws this table, and tests check that README and
/// docs/keys.md list the same rows.
public enum KeyHelp {
    /// The keys as they are written in help, and what each does, in the order shown.
    public static let entries: [(keys: String, action: String)] = [
        ("/", "edit the query; results update as you type"),
        ("Enter (in the query)", "accept the query"),
        ("Esc (in the query)", "cancel the edit"),
        ("Esc", "close help or the reader, else clear the query"),
        ("j / k, Down / Up", "move down / up"),
        ("g / G, Home / End", "first / last (G: the last of all results)"),
        ("PgDn / PgUp", "page down / up"),
        ("Ctrl-d / Ctrl-u", "half a page down / up"),
        ("Tab / Shift-Tab, l / h", "next / previous pane"),
        ("Enter", "open the article; toggle facet / open watchlist"),
        ("Space", "reader: page down, then the next unread article"),
        ("Space / x", "facets: include / exclude the entry (again: undo)"),
        ("J / K, ] / [", "reader: next / previous article"),
        ("u", "unread only (is:unread in the query), on / off"),
        ("r", "mark read / unread"),
        ("A / U", "mark all results read / undo that"),
        ("*", "star / unstar (is:starred lists them)"),
        ("w", "save the query as a watchlist (type a name, Enter)"),
        ("t", "timeline of the results (s: by month / quarter / year; Enter filters)"),
        ("a", "directory of authorities (Tab: countries; s sorts; Enter filters)"),
        (".", "show articles indexed meanwhile (the status line: N new)"),
        ("e", "export the results as a Markdown brief (see DOSSIER_EXPORT_DIR)"),
        ("o", "the source page at the article's line in $PAGER"),
        ("y", "copy a citation (see DOSSIER_CLIPBOARD)"),
        ("i", "show the article's full id"),
        (":", "command line: sort oldest, read all, open, …"),
        ("f", "go to the facets"),
        ("c", "clear all filters"),
        ("s", "sort by relevance / date"),
        ("n / N", "next / previous search hit (reader)"),
        ("?", "show or hide this help"),
        ("q", "close the reader, leave the facets, else quit"),
        ("Q", "quit"),
        ("Ctrl-c", "quit as an interrupt does (exit status 130)"),
        ("mouse", "click selects; the wheel scrolls"),
    ]

    /// The table as Markdown, as README and docs/keys.md carry it.
    public static var markdown: String {
        (["| key | action |", "|---|---|"] + entries.map { "| `\($0.keys)` | \($0.action) |" }).joined(separator: "\n")
    }
}
