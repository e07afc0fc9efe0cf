import Foundation

/// Converts an office document (DOCX, DOC, ODT, RTF, XLSX, XLS, ODS) to PDF with LibreOffice headless, in a
/// limited child process with a throwaway profile of its own (`-env:UserInstallation`) in the file's private
/// folder. A small Basic macro, written into that profile, opens the document hidden with its own macros never
/// run and links never updated, accepts every tracked change (text documents), and exports PDF: comments and
/// hidden text are not printed, so they are not in the PDF. The PDF is then redacted like any PDF, so no
/// document property (author, company, revision history) can travel.
enum OfficeConverter {
    /// What the conversion does, as `redactions.json` reports it.
    static let notes = [
        "converted to PDF by LibreOffice, then redacted as page images", "tracked changes accepted", "comments dropped",
        "hidden text dropped", "document properties and revision history removed",
    ]

    /// The extension LibreOffice needs to pick its import filter, by media type.
    static let extensions: [String: String] = [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "application/msword": "doc",
        "application/vnd.oasis.opendocument.text": "odt",
        "application/rtf": "rtf",
        "text/rtf": "rtf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
        "application/vnd.ms-excel": "xls",
        "application/vnd.oasis.opendocument.spreadsheet": "ods",
    ]

    /// Converts `path` (of media type `mime`) to a PDF in `folder`.
    /// - Returns: the PDF's path.
    /// - Throws: `ExhibitError.environment` when LibreOffice is missing; `.badInput` when it fails, times out or
    ///   exceeds its memory.
    static func convert(_ path: String, mime: String, folder: PrivateFolder, limits: ProcessLimits = .converter) throws -> String
    {
        guard let ext = extensions[mime] else { throw ExhibitError.badInput("no converter for \(mime)") }
        let soffice = try LimitedProcess.locate("soffice", package: "libreoffice-writer-nogui")
        let input = "\(folder.path)/input.\(ext)"
        let output = "\(folder.path)/converted.pdf"
        try FileManager.default.copyItem(atPath: path, toPath: input)
        let profile = "\(folder.path)/profile"
        let common = [
            "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck", "-env:UserInstallation=\(url(profile))",
        ]
        // A first start creates the profile (LibreOffice rewrites the Basic library lists when it does).
        let created = try LimitedProcess.run(soffice, common + ["--terminate_after_init"], in: folder, limits: limits)
        guard created.succeeded else { throw failure(created, step: "could not start") }
        let library = "\(profile)/user/basic/Standard"
        guard FileSystem.isDirectory(library) else { throw ExhibitError.environment("LibreOffice did not create its profile") }
        try FileSystem.writeAtomically(Array(module.utf8), to: "\(library)/Exhibit.xba", mode: 0o600)
        try FileSystem.writeAtomically(Array(libraryList.utf8), to: "\(library)/script.xlb", mode: 0o600)
        let call = "macro:///Standard.Exhibit.Convert(\"\(url(input))\",\"\(url(output))\")"
        let run = try LimitedProcess.run(soffice, common + [call], in: folder, limits: limits)
        // The macro renames the PDF into place only once it is completely written. LibreOffice 7.4 sometimes
        // aborts while closing a DOCX after that (an exception in its window code): the PDF is then whole, and
        // is read (and rebuilt) like any other.
        guard !run.timedOut, FileSystem.exists(output) else { throw failure(run, step: "could not convert the document") }
        return output
    }

    private static func failure(_ run: LimitedProcess.Outcome, step: String) -> ExhibitError {
        if run.timedOut { return ExhibitError.badInput("LibreOffice ran out of time converting the document") }
        let detail = "exit status \(run.status)" + (run.firstErrorLine.isEmpty ? "" : ": \(run.firstErrorLine)")
        return ExhibitError.badInput("LibreOffice \(step) (\(detail))")
    }

    /// A `file://` URL with everything but unreserved characters and `/` percent-encoded (safe inside a Basic
    /// string literal too).
    private static func url(_ path: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        return "file://" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)
    }

    private static let libraryList = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
        <library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" \
        library:readonly="false" library:passwordprotected="false">
         <library:element library:name="Module1"/>
         <library:element library:name="Exhibit"/>
        </library:library>

        """

    /// Opens hidden (macros never run, links never updated), accepts tracked changes, exports PDF under a temporary
    /// name and renames it into place, quits (without a PDF when the document cannot be opened).
    private static let module = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
        <script:module xmlns:script="http://openoffice.org/2000/script" script:name="Exhibit" script:language="StarBasic">
        Sub Convert(source As String, target As String)
          Dim load(2) As New com.sun.star.beans.PropertyValue
          load(0).Name = &quot;Hidden&quot; : load(0).Value = True
          load(1).Name = &quot;MacroExecutionMode&quot; : load(1).Value = 0
          load(2).Name = &quot;UpdateDocMode&quot; : load(2).Value = 0
          doc = StarDesktop.loadComponentFromURL(source, &quot;_blank&quot;, 0, load())
          If Not IsNull(doc) Then
            filterName = &quot;writer_pdf_Export&quot;
            If doc.supportsService(&quot;com.sun.star.sheet.SpreadsheetDocument&quot;) Then filterName = &quot;calc_pdf_Export&quot;
            If doc.supportsService(&quot;com.sun.star.text.TextDocument&quot;) Then
              dispatcher = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
              dispatcher.executeDispatch(doc.getCurrentController().getFrame(), &quot;.uno:AcceptAllTrackedChanges&quot;, &quot;&quot;, 0, Array())
              doc.RecordChanges = False
            End If
            Dim store(0) As New com.sun.star.beans.PropertyValue
            store(0).Name = &quot;FilterName&quot; : store(0).Value = filterName
            doc.storeToURL(target &amp; &quot;.part&quot;, store())
            Name ConvertFromURL(target &amp; &quot;.part&quot;) As ConvertFromURL(target)
            doc.close(True)
          End If
          StarDesktop.terminate()
        End Sub
        </script:module>

        """
}
