/// Facts about this build of herald.
public enum HeraldInfo {
    public static let version = "0.1.0"
}
