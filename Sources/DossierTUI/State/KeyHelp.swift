/// Every key, once: the help overlay draws this table, and tests check that README and
/// docs/keys.md list the same rows.
public enum KeyHelp {
    public static let entries: [(keys: String, action: String)] = [
        ("/", "edit the query; results update as you type"),
        ("Enter (in the query)", "accept the query"),
        ("Esc (in the query)", "cancel the edit"),
        ("Esc", "close help or the reader, else clear the query"),
        ("j / k, Down / Up", "move down / up"),
        ("g / G, Home / End", "first / last"),
        ("PgDn / PgUp", "page down / up"),
        ("Ctrl-d / Ctrl-u", "half a page down / up"),
        ("Tab / Shift-Tab, l / h", "next / previous pane"),
        ("Enter", "open the article (list); toggle the entry (facets)"),
        ("Space / x", "include / exclude the facet entry (again: undo)"),
        ("f", "go to the facets"),
        ("c", "clear all filters"),
        ("s", "sort by date / relevance"),
        ("r", "mark read / unread"),
        ("n / N", "next / previous search hit (reader)"),
        ("?", "show or hide this help"),
        ("q", "close help or the reader, else quit"),
        ("Ctrl-c", "quit"),
        ("mouse", "click selects; the wheel scrolls"),
    ]

    /// The table as Markdown, as README and docs/keys.md carry it.
    public static var markdown: String {
        (["| key | action |", "|---|---|"] + entries.map { "| `\($0.keys)` | \($0.action) |" }).joined(separator: "\n")
    }
}
