import Foundation
import HeraldTestSupport
import Testing

/// Runs the built `herald` binary and captures what it prints.
struct CLI {
    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// The package root, from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["HERALD_BIN"] { return path }
        // The test bundle sits beside the product in the build directory.
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("herald").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return packageRoot + "/.build/debug/herald"
    }

    /// A clean environment: no credentials, no colour, a HOME with no credentials file.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ["PATH": "/usr/bin:/bin", "HOME": FileManager.default.temporaryDirectory.appendingPathComponent("herald-home-\(UUID().uuidString)").path,
                   "LANG": "C.UTF-8", "TZ": "UTC"]
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// A credentials file holding `text` (mode 0600, as herald requires), in
    /// a folder of its own outside any repository, and an environment
    /// (with `extra`) that names it.
    static func credentialsFile(_ text: String, _ extra: [String: String] = [:]) throws -> (home: TempDirectory, environment: [String: String]) {
        let home = try TempDirectory()
        try home.write("credentials.yaml", text)
        chmod(home.root + "/credentials.yaml", 0o600)
        return (home, environment(extra.merging(["HERALD_CREDENTIALS_FILE": home.root + "/credentials.yaml"]) { $1 }))
    }

    /// Starts herald in the background, output discarded; the caller waits or kills it.
    static func start(_ arguments: [String], environment: [String: String] = CLI.environment()) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Starts herald in the background, its output written to files in
    /// `directory` (`stdout`, `stderr`), to be read once it has ended.
    static func start(_ arguments: [String], outputIn directory: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = environment()
        for name in ["stdout", "stderr"] { _ = FileManager.default.createFile(atPath: directory + "/" + name, contents: nil) }
        process.standardOutput = FileHandle(forWritingAtPath: directory + "/stdout")
        process.standardError = FileHandle(forWritingAtPath: directory + "/stderr")
        try process.run()
        return process
    }

    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = CLI.environment(), stdin: String? = nil,
                    directory: String? = nil) async throws -> Result {
        try await runProgram(binary, arguments, environment: environment, stdin: stdin.map { Data($0.utf8) },
                             directory: directory)
    }

    /// `run` with standard input given as bytes.
    static func run(_ arguments: [String], stdinBytes: Data) async throws -> Result {
        try await runProgram(binary, arguments, stdin: stdinBytes)
    }

    /// Runs any program and captures what it prints. The waiting happens on
    /// a thread of its own: the whole suite runs in one process, and a test
    /// that blocked one of the few cooperative threads while a program ran
    /// would stall the in-process servers and clients of other tests (on a
    /// 2-core CI machine, a 1 s request once took 9 s to come back).
    static func runProgram(_ executable: String, _ arguments: [String], environment: [String: String] = CLI.environment(),
                           stdin: Data? = nil, directory: String? = nil) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Swift.Result {
                    try runAndWait(executable, arguments, environment: environment, stdin: stdin, directory: directory)
                })
            }.start()
        }
    }

    private static func runAndWait(_ executable: String, _ arguments: [String], environment: [String: String],
                                   stdin: Data?, directory: String?) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // A command may end before it reads its input (a usage error found first): the write then
        // meets a closed pipe, whose SIGPIPE ended the whole test run. Written from a thread of its
        // own that blocks the signal: the write fails instead, and the pending signal goes with the thread.
        let written = DispatchSemaphore(value: 0)
        Thread {
            var blocked = sigset_t()
            sigemptyset(&blocked)
            sigaddset(&blocked, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &blocked, nil)
            if let stdin { try? input.fileHandleForWriting.write(contentsOf: stdin) }
            try? input.fileHandleForWriting.close()
            written.signal()
        }.start()
        written.wait()
        // Read both pipes concurrently so neither fills up. The semaphore,
        // not the thread's `isFinished`, orders the reader's write before
        // the read below (ThreadSanitizer saw a race with polling).
        nonisolated(unsafe) var errData = Data()
        let errRead = DispatchSemaphore(value: 0)
        Thread {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            errRead.signal()
        }.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        if !process.wait(upTo: .seconds(300)) {
            kill(process.processIdentifier, SIGKILL)
            _ = process.wait(upTo: .seconds(5))
        }
        errRead.wait()
        return Result(stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                      status: process.terminationStatus)
    }
}

/// Golden files next to the tests; `HERALD_RECORD=1 swift test` rewrites them.
enum Golden {
    static let directory = CLI.packageRoot + "/Tests/HeraldCLITests/Golden"

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = directory + "/" + name
        if ProcessInfo.processInfo.environment["HERALD_RECORD"] == "1" {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(actual == expected, "\(name) differs; re-record with HERALD_RECORD=1 if the change is intended", sourceLocation: sourceLocation)
    }
}
