/// Character classes of twitter-text's URL grammar, written as predicates on
/// scalar values so the scanner needs no regular expressions. Each mirrors one
/// of twitter-text's `regexp/*.js` building blocks; the names say which.
enum TwitterTextCharacters {
    static func isASCIIAlphanumeric(_ c: UInt32) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    static func isASCIIDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }

    static func isASCIILetter(_ c: UInt32) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    static func asciiLowercased(_ c: UInt32) -> UInt32 {
        (c >= 0x41 && c <= 0x5A) ? c + 0x20 : c
    }

    /// `punct`: ASCII punctuation except `"` and `` ` `` (twitter-text's list
    /// leaves those two out, so they count as domain characters).
    static func isPunctuation(_ c: UInt32) -> Bool {
        switch c {
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F,
             0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x40, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F,
             0x7B, 0x7C, 0x7D, 0x7E:
            return true
        default:
            return false
        }
    }

    /// `spacesGroup`.
    static func isSpace(_ c: UInt32) -> Bool {
        switch c {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x180E, 0x2000...0x200A,
             0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// `invalidCharsGroup`: the characters that make a post invalid.
    static func isInvalid(_ c: UInt32) -> Bool { c == 0xFFFE || c == 0xFEFF || c == 0xFFFF }

    /// `directionalMarkersGroup`.
    static func isDirectionalMarker(_ c: UInt32) -> Bool {
        (c >= 0x202A && c <= 0x202E) || c == 0x061C || c == 0x200E || c == 0x200F
            || (c >= 0x2066 && c <= 0x2069)
    }

    /// `validDomainChars`: anything but punctuation, spaces, invalid characters
    /// and directional markers.
    @inline(__always)
    static func isDomainCharacter(_ c: UInt32) -> Bool {
        if c < 0x80 { return inASCIISet(c, low: 0x03FF_0004_FFFF_C1FF, high: 0x87FF_FFFF_07FF_FFFE) }
        return isNonASCIIDomainCharacter(c)
    }

    private static func isNonASCIIDomainCharacter(_ c: UInt32) -> Bool {
        !isSpace(c) && !isInvalid(c) && !isDirectionalMarker(c)
    }

    /// A character that may appear inside a host label (`[_-]` or a domain char).
    @inline(__always)
    static func isLabelCharacter(_ c: UInt32) -> Bool {
        c == 0x2D || c == 0x5F || isDomainCharacter(c)
    }

    /// `validUrlPrecedingChars`: what may stand right before a URL.
    static func isValidPrecedingCharacter(_ c: UInt32) -> Bool {
        if c < 0x80 { return inASCIISet(c, low: 0xFC00_FFE7_FFFF_FFFF, high: 0xF800_0001_F800_0000) }
        if isDirectionalMarker(c) { return true }
        switch c {
        case 0xFF20, 0xFF03, 0xFFFE, 0xFEFF, 0xFFFF: return false
        default: return true
        }
    }

    /// The two predicates above take ASCII from 128-bit sets (bit c set:
    /// ASCII c is in), written as literals: the scanner asks them for nearly
    /// every character of a post, and a table would cost a lazy-initialisation
    /// check per call. A test derives both sets from the definitions: not
    /// punctuation and not a space; not alphanumeric and not `@`, `$` or `#`.
    @inline(__always)
    static func inASCIISet(_ c: UInt32, low: UInt64, high: UInt64) -> Bool {
        c < 64 ? (low >> UInt64(c)) & 1 == 1 : (high >> UInt64(c &- 64)) & 1 == 1
    }

    /// `latinAccentChars`.
    static func isLatinAccent(_ c: UInt32) -> Bool {
        switch c {
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0xFF, 0x100...0x24F, 0x253, 0x254, 0x256, 0x257,
             0x259, 0x25B, 0x263, 0x268, 0x26F, 0x272, 0x289, 0x28B, 0x2BB, 0x300...0x36F,
             0x1E00...0x1EFF:
            return true
        default:
            return false
        }
    }

    static func isCyrillic(_ c: UInt32) -> Bool { c >= 0x400 && c <= 0x4FF }

    /// `validGeneralUrlPathChars`.
    static func isPathCharacter(_ c: UInt32) -> Bool {
        if c < 0x80 {
            if isASCIIAlphanumeric(c) { return true }
            switch c {
            case 0x21, 0x2A, 0x27, 0x3B, 0x3A, 0x3D, 0x2B, 0x2C, 0x2E, 0x24, 0x2F, 0x25, 0x23,
                 0x5B, 0x5D, 0x2D, 0x5F, 0x7E, 0x40, 0x7C, 0x26:
                return true
            default:
                return false
            }
        }
        return c == 0x2013 || isCyrillic(c) || isLatinAccent(c)
    }

    /// `validUrlPathEndingChars` (balanced parentheses are handled by the scanner).
    static func isPathEndingCharacter(_ c: UInt32) -> Bool {
        if c < 0x80 {
            if isASCIIAlphanumeric(c) { return true }
            switch c {
            case 0x2B, 0x2D, 0x3D, 0x5F, 0x23, 0x2F: return true
            default: return false
            }
        }
        return isCyrillic(c) || isLatinAccent(c)
    }

    /// `validUrlQueryChars`.
    static func isQueryCharacter(_ c: UInt32) -> Bool {
        if isASCIIAlphanumeric(c) { return true }
        switch c {
        case 0x21, 0x3F, 0x2A, 0x27, 0x40, 0x28, 0x29, 0x3B, 0x3A, 0x26, 0x3D, 0x2B, 0x24, 0x2F,
             0x25, 0x23, 0x5B, 0x5D, 0x2D, 0x5F, 0x2E, 0x2C, 0x7E, 0x7C:
            return true
        default:
            return false
        }
    }

    /// `validUrlQueryEndingChars`.
    static func isQueryEndingCharacter(_ c: UInt32) -> Bool {
        if isASCIIAlphanumeric(c) { return true }
        switch c {
        case 0x2D, 0x5F, 0x26, 0x3D, 0x23, 0x2F: return true
        default: return false
        }
    }

    /// The label characters of `validAsciiDomain`: `[-a-z0-9]` and Latin accents.
    static func isASCIIDomainLabelCharacter(_ c: UInt32) -> Bool {
        c == 0x2D || isASCIIAlphanumeric(c) || isLatinAccent(c)
    }

    /// What may not follow a top-level domain (`(?=[^0-9a-zA-Z@+-]|$)`).
    static func blocksTopLevelDomain(_ c: UInt32) -> Bool {
        isASCIIAlphanumeric(c) || c == 0x40 || c == 0x2B || c == 0x2D
    }
}

/// The character classes Mastodon puts in place of twitter-text's
/// (`config/initializers/twitter_regex.rb`), for `URLDialect.mastodon`.
enum MastodonURLCharacters {
    /// The schemes besides `http(s)`, lowercase ASCII without `://`.
    static let schemes: [[UInt32]] = ["dat", "dweb", "ipfs", "ipns", "ssb", "gopher", "gemini"].map { $0.unicodeScalars.map(\.value) }

    /// The first letters of `schemes` (lowercased).
    static func mayBeginScheme(_ c: UInt32) -> Bool {
        c == 0x64 || c == 0x69 || c == 0x73 || c == 0x67
    }

    /// `valid_general_url_path_chars`: `[^\p{White_Space}<>()?]`.
    static func isPathCharacter(_ c: UInt32) -> Bool {
        switch c {
        case 0x3C, 0x3E, 0x28, 0x29, 0x3F: false
        default: !isWhiteSpace(c)
        }
    }

    /// `valid_url_path_ending_chars`: `[^\p{White_Space}()?!*"'「」<>;:=,.$%\[\]~&|@]`.
    static func isPathEndingCharacter(_ c: UInt32) -> Bool {
        switch c {
        case 0x21, 0x2A, 0x22, 0x27, 0x300C, 0x300D, 0x3B, 0x3A, 0x3D, 0x2C, 0x2E, 0x24, 0x25, 0x5B, 0x5D, 0x7E, 0x26, 0x7C, 0x40: false
        default: isPathCharacter(c)
        }
    }

    /// `valid_url_query_chars`: twitter-text's and `^`, and `UCHARS`.
    static func isQueryCharacter(_ c: UInt32) -> Bool {
        c == 0x5E || TwitterTextCharacters.isQueryCharacter(c) || isUChar(c)
    }

    /// `valid_url_query_ending_chars`: twitter-text's and `UCHARS`.
    static func isQueryEndingCharacter(_ c: UInt32) -> Bool {
        TwitterTextCharacters.isQueryEndingCharacter(c) || isUChar(c)
    }

    /// Mastodon's `UCHARS`, RFC 3987's `ucschar` and `iprivate`: from U+00A0
    /// on, but surrogates, U+FDD0–U+FDEF, each plane's last two code points
    /// and U+E0000–U+E0FFF.
    static func isUChar(_ c: UInt32) -> Bool {
        switch c {
        case 0xA0...0xD7FF, 0xE000...0xFDCF, 0xFDF0...0xFFEF: true
        case 0x10000...0x10FFFD: c & 0xFFFF <= 0xFFFD && !(0xE0000...0xE0FFF).contains(c)
        default: false
        }
    }

    /// What the Ruby gem's domains exclude beyond the JavaScript's: `"` and
    /// the ASCII controls (`-` and `_` stay label characters).
    static func isOutsideRubyDomains(_ c: UInt32) -> Bool {
        c == 0x22 || c < 0x20 || c == 0x7F
    }

    /// Unicode's `White_Space` property.
    static func isWhiteSpace(_ c: UInt32) -> Bool {
        switch c {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
