#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory mapping of a whole file, unmapped when the last reference goes away.
///
/// The pages are the page cache's: mapping costs nothing until a page is read, and pages never read (most rows of
/// a word-embedding table) never count towards the resident set.
// @unchecked Sendable: the mapping is read-only and immutable after `init`; `deinit` runs only once no reference
// remains, so no reader can race with `munmap`.
package final class MappedFile: @unchecked Sendable {
    /// The first byte of the mapping (page-aligned).
    package let base: UnsafeRawPointer
    /// The file's size in bytes.
    package let count: Int
    /// The path the file was opened from.
    package let path: String

    /// Maps the file at `path` read-only.
    /// - Throws: ``ModelError`` (`model_unreadable`) if the file cannot be opened, measured or mapped.
    package init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ModelError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ModelError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        let size = Int(status.st_size)
        guard size > 0 else { throw ModelError.corrupt(path: path, reason: "the file is empty") }
        guard let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapping != MAP_FAILED else {
            throw ModelError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        self.base = UnsafeRawPointer(mapping)
        self.count = size
        self.path = path
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: self.base), self.count)
    }

    /// The mapped bytes.
    package var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: self.base, count: self.count) }
}

extension MappedFile {
    /// Tells the kernel this process no longer needs the pages wholly inside `pointer..<pointer+count` (after
    /// copying them), so they stop counting towards the resident set. Reading them again still works.
    package func release(_ pointer: UnsafeRawPointer, count: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: pointer) + page - 1) / page * page
        let end = (Int(bitPattern: pointer) + count) / page * page
        guard end > start, start >= Int(bitPattern: self.base), end <= Int(bitPattern: self.base) + self.count else {
            return
        }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, Int32(MADV_DONTNEED))
    }
}

extension MappedFile {
    /// Asks the kernel to start reading the pages of `range` (byte offsets) from disk now, in the background
    /// (`MADV_WILLNEED`): a cold file then arrives in a few large reads while the caller does other work, instead of
    /// one small read per page fault later. Costs next to nothing when the pages are already cached.
    package func prefetch(_ range: Range<Int>) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = max(0, range.lowerBound) / page * page
        let end = min(self.count, range.upperBound)
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: self.base + start), end - start, Int32(MADV_WILLNEED))
    }
}
