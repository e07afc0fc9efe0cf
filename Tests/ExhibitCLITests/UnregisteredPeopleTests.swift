import Foundation
import Testing

/// `redact --preview` lists the people nobody registered, with where each was seen, as text and JSON (issue 9).
@Suite struct UnregisteredPeopleTests {
    @Test func thePreviewListsUnregisteredPeopleAndTheOutputRemovesThem() throws {
        let cli = try CLIHarness.withCase()
        let note = try cli.write(
            "note.txt", "Home visit.\nKacper Nowak was there with Mr Hale, a neighbour.\nKind regards,\nMarcus Thornbury\n")
        try cli.expectSuccess([
            "add", note, "--ref", "N/1", "--category", "note", "--description", "visit note", "--seized-by", "DC 1",
            "--seized-from", "SW",
        ])
        try cli.expectSuccess(["party", "add", "--name", "Kacper Nowak", "--role", "child"])
        let text = try cli.expectSuccess(["redact", "--policy", "police-to-childrens-services", "--preview"]).stdout
        #expect(text.contains("    unregistered people (not in the case's parties):\n        Hale  line 2  x1  "))
        #expect(text.contains("        Marcus Thornbury  line 4  x1  "))
        #expect(text.contains("Register each unregistered person with: exhibit party add --name NAME --role ROLE"))
        let json = try #require(
            try cli.expectSuccess(["redact", "--policy", "police-to-childrens-services", "--preview", "--json"]).json()
                as? [String: Any])
        let items = try #require(json["items"] as? [[String: Any]])
        let people = try #require(items.first?["people"] as? [[String: Any]])
        #expect(
            people.map { "\($0["name"] ?? "")|\($0["line"] ?? "")|\($0["kind"] ?? "")" } == [
                "Hale|2|unregistered", "Marcus Thornbury|4|unregistered",
            ])
        try cli.expectSuccess(["redact", "--policy", "disclosure-to-solicitor", "--out", cli.path("out")])
        let output = try RedactionWorkflowTests.read(try RedactionWorkflowTests.output(of: "N/1", in: cli.path("out")))
        #expect(output == "Home visit.\n[NAME] was there with Mr [NAME], a neighbour.\nKind regards,\n[NAME]\n")
    }
}
