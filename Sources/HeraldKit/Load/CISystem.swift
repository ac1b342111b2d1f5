/// A CI system whose configuration lives in the repository: where herald's
/// credential variables are set for a CI job, and so where one written as a
/// literal would be in git as surely as in a post. herald reads these files
/// only for that (`SecretScanner.scanCI`); a file that does not parse is the
/// CI system's to report.
struct CISystem: Sendable {
    /// Files or folders of YAML files, relative to the repository's root.
    let files: [String]
    let folders: [String]
    /// How the system keeps a secret for a job, said of the variable `name`.
    let keepSecret: @Sendable (_ name: String) -> String

    static let all: [CISystem] = [
        // GitHub Actions, and Forgejo and Gitea, which read the same workflows.
        CISystem(files: [], folders: [".github/workflows", ".forgejo/workflows", ".gitea/workflows"]) {
            "store it in the CI system's secrets: \($0): ${{ secrets.\($0) }}"
        },
        CISystem(files: [".gitlab-ci.yml"], folders: []) {
            "store it as a masked CI/CD variable of the project (Settings > CI/CD > Variables), which every job sees as $\($0)"
        },
        CISystem(files: ["bitbucket-pipelines.yml"], folders: []) {
            "store it as a secured repository variable (Repository settings > Repository variables), which every step sees as $\($0)"
        },
        CISystem(files: [".circleci/config.yml"], folders: []) {
            "store it as an environment variable of a context or of the project, which jobs see as $\($0)"
        },
        CISystem(files: ["azure-pipelines.yml"], folders: []) {
            "store it as a secret variable of the pipeline and pass it to the step: \($0): $(\($0))"
        },
        CISystem(files: [".drone.yml", ".woodpecker.yml"], folders: [".woodpecker"]) {
            "store it as a secret of the repository and pass it to the step: \($0): { from_secret: \($0.lowercased()) }"
        },
    ]
}
