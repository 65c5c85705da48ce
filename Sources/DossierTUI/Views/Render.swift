import DossierCore

extension AppState {
    /// Draws the whole screen (pure: the same state always gives the same cells).
    public func render() -> ScreenBuffer {
        var b = ScreenBuffer(width: width, height: height)
        let l = Layout.of(self)
        if l.tooSmall {
            b.put("terminal too small", x: 0, y: 0)
            b.put("need \(Layout.minWidth)×\(Layout.minHeight)", x: 0, y: 1)
            return b
        }
        QueryBarView.draw(self, into: &b, l.queryBar)
        if let r = l.sidebar { SidebarView.draw(self, into: &b, r) }
        if let r = l.list { ListView.draw(self, into: &b, r) }
        if let r = l.reader { ReaderView.draw(self, into: &b, r) }
        if overview != nil { OverviewView.draw(self, into: &b) }
        StatusView.draw(self, into: &b, l.status)
        if showHelp { HelpOverlay.draw(into: &b, top: helpTop) }
        return b
    }

    /// Where the terminal cursor goes (the query bar while editing), else nil (hidden).
    public var cursorPosition: (x: Int, y: Int)? {
        if let line = commandLine, !Layout.of(self).tooSmall {
            return (min(width - 1, 1 + DisplayWidth.of(line)), Layout.of(self).status.y)
        }
        guard editing, !Layout.of(self).tooSmall else { return nil }
        let before = String(Array(draft).prefix(cursor))
        return (min(width - 1, QueryBarView.promptWidth + DisplayWidth.of(before) - QueryBarView.scroll(self)), 0)
    }
}
