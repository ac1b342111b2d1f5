extension SandboxServer {
    /// Every platform part the sandbox serves, each under `/<platform>/`.
    /// A new platform adds its part (in `Platforms/<Name>/`) to this list.
    public static var allPlatforms: [any SandboxPlatform] {
        [
            MastodonSandbox(),
        ]
    }
}
