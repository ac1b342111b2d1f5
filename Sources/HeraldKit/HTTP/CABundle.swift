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

    /// The extra file alone, when it can be read and holds a certificate.
    static func readExtra(_ path: String) -> Result<Data, LoadError> {
        switch BoundedFile.read(path, limit: maxExtraFileBytes) {
        case .problem(let reason):
            return .failure(LoadError(message: "extra CA file \(path): \(reason)"))
        case .bytes(let bytes):
            let data = Data(bytes)
            guard data.range(of: Data("-----BEGIN CERTIFICATE-----".utf8)) != nil else {
                return .failure(LoadError(message: "extra CA file \(path) holds no PEM certificate"))
            }
            return .success(data)
        }
    }

    /// Far more than any bundle of certificate authorities.
    static let maxExtraFileBytes = 16 << 20

    static func combined(withExtraFile extraPath: String) -> Result<Data, LoadError> {
        let extra: Data
        switch readExtra(extraPath) {
        case .success(let data): extra = data
        case .failure(let failure): return .failure(failure)
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
