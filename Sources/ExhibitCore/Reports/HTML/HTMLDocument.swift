import Foundation

/// A self-contained HTML page: no script, no external resource of any kind, a Content-Security-Policy
/// `<meta>` that forbids everything but its own stylesheet (by hash) and `data:` images, a print
/// stylesheet (A4, tables that break cleanly with repeated headings) and the protective marking at the top
/// and bottom of every printed page (a layout table whose header and footer the browser repeats on each
/// page) as well as on screen.
public struct HTMLDocument: Sendable {
    /// The page title (the marking is put in front of it).
    public var title: String
    /// The protective marking, e.g. `OFFICIAL-SENSITIVE`.
    public var marking: String
    /// The body's HTML (already escaped by its builder).
    public var body: String
    /// Extra CSS for this kind of page.
    public var extraStyle: String

    /// Creates a page.
    public init(title: String, marking: String, body: String, extraStyle: String = "") {
        self.title = title
        self.marking = marking
        self.body = body
        self.extraStyle = extraStyle
    }

    /// The stylesheet every page shares.
    public static let baseStyle = """
        :root{color-scheme:light}
        body{font-family:"DejaVu Sans",system-ui,sans-serif;color:#111;line-height:1.4;margin:0;font-size:11pt}
        .page{border-collapse:collapse;width:100%;max-width:72em;margin:0 auto}
        .page>thead>tr>td,.page>tfoot>tr>td{padding:.4em 0}
        .page>tbody>tr>td{padding:0 1.2em}
        .marking{text-align:center;font-weight:bold;letter-spacing:.12em;color:#8a1a1a;text-transform:uppercase}
        h1{font-size:1.45em;margin:.6em 0 .2em}h2{font-size:1.15em;margin:1.4em 0 .4em;border-bottom:1px solid #bbb}
        .case{margin:0;color:#333}
        table.data{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.92em}
        table.data caption{text-align:left;font-weight:bold;padding:.3em 0}
        table.data th,table.data td{border:1px solid #999;padding:.25em .4em;vertical-align:top;text-align:left}
        table.data td{overflow-wrap:anywhere}
        table.data thead th{background:#eee}
        table.data tbody th{font-weight:bold;background:#fafafa}
        code,.hash{font-family:"DejaVu Sans Mono",monospace;font-size:.85em;word-break:break-all}
        .entry{color:#555;font-size:.8em;white-space:nowrap}
        .flag{color:#900;font-weight:bold}
        td.flag,p.flag{background:#fde8e8}
        p.flag::before{content:"Gap in continuity: "}
        .provenance{color:#444;font-size:.85em;margin-top:1.5em}
        ol.statement{padding-left:1.6em}ol.statement li{margin:.25em 0}
        @page{size:A4;margin:12mm 12mm}
        @media print{
          body{font-size:9.5pt}
          .page{max-width:none}
          .page>tbody>tr>td{padding:0 1mm}
          ol.statement{padding-left:2.4em}
          table.data thead{display:table-header-group}
          table.data tr,ol.statement li{break-inside:avoid}
          h2{break-after:avoid}
          a{color:inherit;text-decoration:none}
        }
        """

    /// Extra CSS that prints a page in landscape (for wide tables).
    public static let landscape = "@page{size:A4 landscape}"

    /// The stylesheet of this page.
    public var style: String { Self.baseStyle + "\n" + extraStyle }

    /// The Content-Security-Policy: nothing may load but this page's own stylesheet and `data:` images.
    public var contentSecurityPolicy: String {
        let hash = Data(MessageDigest.sha256(Array(style.utf8))).base64EncodedString()
        return "default-src 'none'; style-src 'sha256-\(hash)'; img-src data:; base-uri 'none'; form-action 'none'"
    }

    /// The whole document.
    public func render() -> String {
        let marking = HTML.escape(self.marking)
        return """
            <!DOCTYPE html>
            <html lang="en-GB"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>\(marking) — \(HTML.escape(title))</title>
            <style>\(style)</style>
            </head><body>
            <table class="page" role="presentation">
            <thead><tr><td><div class="marking">\(marking)</div></td></tr></thead>
            <tfoot><tr><td><div class="marking">\(marking)</div></td></tr></tfoot>
            <tbody><tr><td><main>
            \(body)</main></td></tr></tbody>
            </table>
            </body></html>

            """
    }
}
