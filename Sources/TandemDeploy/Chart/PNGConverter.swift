#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts an SVG file to PNG with whichever converter is installed: `rsvg-convert`, then ImageMagick.
public enum PNGConverter {
    /// Converts `svg` to `png`.
    ///
    /// - Parameters:
    ///   - svg: Path of the SVG file.
    ///   - png: Path of the PNG file to write.
    /// - Returns: The converter that succeeded, or `nil` if none is installed or all failed.
    public static func convert(svg: String, png: String) -> String? {
        let candidates: [[String]] = [
            ["rsvg-convert", "--background-color=white", "-o", png, svg],
            ["magick", "-density", "144", svg, png],
            ["convert", "-density", "144", svg, png],
        ]
        for arguments in candidates where Self.run(arguments) == 0 {
            return arguments[0]
        }
        return nil
    }

    /// Runs a program found on `PATH` with its output discarded; returns its exit status, or -1.
    static func run(_ arguments: [String]) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        guard posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return -1 }
        }
        // WIFEXITED / WEXITSTATUS by hand (the macros are not imported).
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }
}
