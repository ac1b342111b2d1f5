import Foundation

extension MastodonAdapter {
    /// What an instance's `/api/v2/instance` says of its limits
    /// (`configuration.statuses` and `configuration.media_attachments`);
    /// nil where it does not say, or was not asked.
    struct InstanceLimits: Sendable {
        var maxCharacters: Int?
        var urlLength: Int?
        var maxMediaAttachments: Int?
        /// Alt text, in code points.
        var descriptionLimit: Int?
        var imageSizeLimit: Int?
        var videoSizeLimit: Int?

        init() {}

        init(_ configuration: [String: Any]) {
            let statuses = configuration["statuses"] as? [String: Any] ?? [:]
            let media = configuration["media_attachments"] as? [String: Any] ?? [:]
            // A limit of 0 or less (or `true`) is no limit anyone set: it is not applied.
            func positive(_ value: Any?) -> Int? { JSONNumber.whole(value).flatMap { $0 > 0 ? $0 : nil } }
            maxCharacters = positive(statuses["max_characters"])
            urlLength = JSONNumber.whole(statuses["characters_reserved_per_url"])
            maxMediaAttachments = positive(statuses["max_media_attachments"])
            descriptionLimit = positive(media["description_limit"])
            imageSizeLimit = positive(media["image_size_limit"])
            videoSizeLimit = positive(media["video_size_limit"])
        }

        /// Why the instance would refuse these media files, by its own
        /// limits; nil when it would not, or does not say. A file herald
        /// cannot read is left to the upload, which says why.
        func mediaProblem(_ media: [MediaRef], root: String) -> String? {
            if let most = maxMediaAttachments, media.count > most {
                return "\(media.count) media files, over the instance's limit of \(most) a post"
            }
            for item in media {
                if let most = descriptionLimit, let alt = item.sentAlt, case let count = alt.unicodeScalars.count, count > most {
                    return "the alt text of '\(item.path.value)' is \(TextRules.grouped(count)) characters, over the instance's limit of \(TextRules.grouped(most))"
                }
                guard case .success(let facts) = MediaInspector.inspect(root: root, path: item.path.value) else { continue }
                // A GIF is made a video (gifv) as it is uploaded, and Mastodon holds a gifv to the video limit.
                let video = facts.kind.isVideo || facts.kind == .gif
                guard let most = video ? videoSizeLimit : imageSizeLimit, facts.bytes > most else { continue }
                return "media file '\(item.path.value)' is \(TextRules.grouped(facts.bytes)) bytes, over the instance's limit of "
                    + "\(Validator.bytesInWords(most)) for \(facts.kind == .gif ? "a GIF" : video ? "a video" : "an image")"
            }
            return nil
        }
    }
}
