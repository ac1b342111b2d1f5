import CCurl
import Foundation

/// The PEM blob given to libcurl (CURLOPT_CAINFO_BLOB) when an extra CA
/// file is configured: the system bundle followed by the extra file, so the
/// extra certificates are trusted in addition to, never instead of, the
/// system's.
enum CABundle {
    struct LoadError: Error, Sendable {
        var message: String
    }

    static let wellKnownSystemBundles = [
        "/etc/ssl/certs/ca-certificates.crt",  // Debian, Ubuntu, Alpine
        "/etc/pki/tls/certs/ca-bundle.crt",  // Fedora, RHEL
        "/etc/ssl/cert.pem",  // macOS, Arch
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    ]

    /// libcurl's built-in default first, then the usual locations.
    static func systemBundlePath() -> String? {
        var candidates: [String] = []
        if let info = herald_curl_version_info(), let cainfo = info.pointee.cainfo {
            candidates.append(String(cString: cainfo))
        }
        candidates += wellKnownSystemBundles
        return candidates.first { FileManager.default.isReadableFile(atPath: $0) }
    }

    static func combined(withExtraFile extraPath: String) -> Result<Data, LoadError> {
        let extra: Data
        do {
            extra = try Data(contentsOf: URL(fileURLWithPath: extraPath))
        } catch {
            return .failure(LoadError(message: "cannot read extra CA file \(extraPath): \(error.localizedDescription)"))
        }
        guard extra.range(of: Data("-----BEGIN CERTIFICATE-----".utf8)) != nil else {
            return .failure(LoadError(message: "extra CA file \(extraPath) holds no PEM certificate"))
        }
        var blob = Data()
        if let system = systemBundlePath(), let systemData = try? Data(contentsOf: URL(fileURLWithPath: system)) {
            blob.append(systemData)
            blob.append(UInt8(ascii: "\n"))
        }
        blob.append(extra)
        return .success(blob)
    }
}
