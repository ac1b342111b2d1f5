import Foundation

extension MastodonSandbox {
    /// The instance's limits for one request: Mastodon's defaults, or what
    /// `PUT /_sandbox/limits` set, as an instance configured otherwise has.
    struct Limits: Sendable {
        static let defaults = [
            "max_characters": 500, "max_media_attachments": 4,
            "description_limit": 1_500,  // MAX_DESCRIPTION_LENGTH, counted in code points
            "image_size_limit": 16 * 1024 * 1024, "video_size_limit": 99 * 1024 * 1024,
        ]

        let maxCharacters: Int
        let maxMediaAttachments: Int
        let descriptionLimit: Int
        let imageSizeLimit: Int
        let videoSizeLimit: Int

        init(_ values: [String: Int]) {
            func value(_ name: String) -> Int { values[name] ?? Self.defaults[name] ?? 0 }
            maxCharacters = value("max_characters")
            maxMediaAttachments = value("max_media_attachments")
            descriptionLimit = value("description_limit")
            imageSizeLimit = value("image_size_limit")
            videoSizeLimit = value("video_size_limit")
        }
    }
}
