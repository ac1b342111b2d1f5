import Foundation
import Testing
@testable import HeraldKit

@Suite("Multipart form parser")
struct MultipartFormTests {
    let contentType = "multipart/form-data; boundary=XyZ"

    func body(_ text: String) -> Data {
        Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    @Test func parsesTextFieldsAndAFile() throws {
        let bytes = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF])
        var data = Data(("--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"description\"\r\n\r\n"
            + "A cat; \"asleep\"\r\n"
            + "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"cat photo.png\"\r\n"
            + "Content-Type: image/png\r\n\r\n").utf8)
        data.append(bytes)
        data.append(body("\n--XyZ--\n"))

        let form = try MultipartForm.parse(body: data, contentType: contentType)

        #expect(form.parts.count == 2)
        #expect(form.value("description") == #"A cat; "asleep""#)
        let file = try #require(form.part(named: "file"))
        #expect(file.filename == "cat photo.png")
        #expect(file.contentType == "image/png")
        #expect(file.data == bytes)
        #expect(file.headers["content-disposition"]?.hasPrefix("form-data") == true)
    }

    @Test func keepsCRLFInsideValuesAndAllowsAPreamble() throws {
        let data = body("""
            This is the preamble.
            --XyZ
            Content-Disposition: form-data; name="status"

            line one
            line two
            --XyZ--
            """)
        let form = try MultipartForm.parse(body: data, contentType: contentType)
        #expect(form.value("status") == "line one\r\nline two")
    }

    @Test func readsTheBoundaryFromTheContentType() {
        #expect(MultipartForm.boundary(fromContentType: #"multipart/form-data; boundary="a b;c""#) == "a b;c")
        #expect(MultipartForm.boundary(fromContentType: "Multipart/Form-Data;charset=utf-8;BOUNDARY=q1") == "q1")
        #expect(MultipartForm.boundary(fromContentType: "multipart/mixed; boundary=q1") == nil)
        #expect(MultipartForm.boundary(fromContentType: "multipart/form-data") == nil)
    }

    @Test func parsesEscapedQuotesInParameters() {
        let parameters = SandboxHeaderValue(#"form-data; name="file"; filename="say \"hi\".png""#)
        #expect(parameters.value == "form-data")
        #expect(parameters["name"] == "file")
        #expect(parameters["FILENAME"] == #"say "hi".png"#)
    }

    @Test func rejectsMalformedBodies() {
        func failure(_ text: String, contentType: String? = nil) -> MultipartError? {
            do {
                _ = try MultipartForm.parse(body: body(text), contentType: contentType ?? self.contentType)
                return nil
            } catch {
                return error
            }
        }
        #expect(failure("--XyZ--", contentType: "multipart/form-data") == .missingBoundary)
        #expect(failure("nothing here") == .missingOpeningDelimiter)
        #expect(failure("""
            --XyZ
            Content-Disposition: form-data; name="a"

            never closed
            """) == .missingClosingDelimiter)
        #expect(failure("""
            --XyZ
            Content-Disposition: form-data; name="a"
            """) == .missingClosingDelimiter)
        #expect(failure("""
            --XyZ
            Content-Disposition: form-data; filename="x.png"

            data
            --XyZ--
            """) == .missingFieldName(part: 1))
        #expect(failure("""
            --XyZ
            Content-Disposition: form-data; name="a"

            ok
            --XyZ
            Content-Disposition: form-data; name="b"
            no colon on this line

            data
            --XyZ--
            """) == .malformedPartHeaders(part: 2))
        #expect(failure("--XyZjunk\nContent-Disposition: form-data; name=\"a\"\n\nx\n--XyZ--") == .malformedDelimiter)
    }

    @Test func anEmptyFormHasNoParts() throws {
        let form = try MultipartForm.parse(body: body("--XyZ--\n"), contentType: contentType)
        #expect(form.parts.isEmpty)
    }
}
