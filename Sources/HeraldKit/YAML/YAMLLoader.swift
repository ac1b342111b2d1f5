import CYAML
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads herald's YAML files into `YAMLNode` trees.
///
/// Every problem with a file becomes a `Diagnostic` with the file's path and
/// a 1-based line and column; nothing in here traps on bad input. The stages
/// are: size check → UTF-8 check (a leading byte order mark is skipped) →
/// libyaml events → nodes (`YAMLTreeBuilder`).
public enum YAMLLoader {
    /// Reads the file at `absolutePath` with POSIX calls and loads it;
    /// diagnostics name it `displayPath`. The size is checked with `fstat`
    /// before anything is read.
    public static func load(fileAt absolutePath: String, path displayPath: String, options: YAMLLoadOptions = .init()) -> YAMLDocument {
        load(fileAt: absolutePath, in: AT_FDCWD, path: displayPath, options: options)
    }

    /// Reads the file at `path` relative to the open directory `directory`.
    /// Opening thousands of files under one root, this saves the kernel
    /// walking the root's own path again for every file.
    /// `file`: `displayPath`, registered already.
    public static func load(fileAt path: String, in directory: Int32, path displayPath: String, file: SourceFile? = nil,
                            options: YAMLLoadOptions = .init()) -> YAMLDocument {
        switch BoundedFile.read(path, in: directory, limit: options.maxFileBytes) {
        case .bytes(let bytes):
            return load(bytes: bytes, path: displayPath, file: file, options: options)
        case .problem(let message):
            return YAMLDocument(root: nil, diagnostics: [.error(message, at: fileStart(displayPath))])
        }
    }

    public static func load(bytes: [UInt8], path: String, file: SourceFile? = nil, options: YAMLLoadOptions = .init()) -> YAMLDocument {
        guard bytes.count <= options.maxFileBytes else {
            return YAMLDocument(root: nil, diagnostics: [
                .error(BoundedFile.tooLarge(bytes.count, options.maxFileBytes), at: fileStart(path)),
            ])
        }
        return bytes.withUnsafeBufferPointer { all in
            if let encoding = SourceText.wideEncoding(all) {
                return YAMLDocument(root: nil, diagnostics: [
                    .error("the file is \(encoding); herald reads files as UTF-8", at: fileStart(path), hint: "save it as UTF-8"),
                ])
            }
            let start = SourceText.byteOrderMarkLength(all)
            let text = UnsafeBufferPointer(rebasing: all[start...])
            if let bad = SourceText.firstInvalidUTF8(text) {
                let (line, column) = SourceText.position(ofByte: bad, in: text)
                let message = "invalid UTF-8 (byte 0x\(SourceText.hex(text[bad], digits: 2))); herald reads files as UTF-8"
                return concealingIfNeeded(YAMLDocument(
                    root: nil,
                    diagnostics: [.error(message, at: SourceLocation(path: path, line: line, column: column))]
                ), text: text, options: options)
            }
            var builder = YAMLTreeBuilder(file: file ?? SourceFile(path), options: options)
            builder.build(text)
            return concealingIfNeeded(YAMLDocument(root: builder.root, diagnostics: builder.diagnostics, wordComments: builder.wordComments,
                                                   notes: builder.notes),
                                      text: text, options: options)
        }
    }

    /// A file that stopped loading, so was not searched for secrets, and
    /// names a concealed key: none of its lines may be quoted.
    private static func concealingIfNeeded(_ document: consuming YAMLDocument, text: UnsafeBufferPointer<UInt8>,
                                           options: YAMLLoadOptions) -> YAMLDocument {
        guard document.root == nil, !document.diagnostics.isEmpty,
              SourceText.namesKey(in: text, anyOf: options.concealedKeys) else { return document }
        for i in document.diagnostics.indices { document.diagnostics[i].conceals = .file }
        return document
    }

    public static func load(bytes: UnsafeRawBufferPointer, path: String, options: YAMLLoadOptions = .init()) -> YAMLDocument {
        load(bytes: [UInt8](bytes), path: path, options: options)
    }

    public static func load(bytes: Data, path: String, options: YAMLLoadOptions = .init()) -> YAMLDocument {
        load(bytes: [UInt8](bytes), path: path, options: options)
    }

    private static func fileStart(_ path: String) -> SourceLocation {
        SourceLocation(path: path, line: 1, column: 1)
    }
}
