#include "cli/file_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace caplens::cli {
namespace {

// How much a source reads at a time beyond what was asked.
constexpr std::size_t kChunkBytes = 4 * 1024 * 1024;

// Keeps one contiguous window of the stream and refills it from a subclass's sequential
// reader; shared by plain and gzip files.
class BufferedSource : public ByteSource {
public:
    SourceRead read(std::uint64_t offset, std::size_t minBytes) override {
        if (m_failed) return {SourceStatus::Failed, {}};
        if (offset < m_start || offset > m_start + m_buffer.size()) {
            if (!reposition(offset)) return failed("cannot seek to offset " + std::to_string(offset));
            m_start = offset;
            m_buffer.clear();
        } else {
            m_buffer.erase(m_buffer.begin(), m_buffer.begin() + static_cast<std::ptrdiff_t>(offset - m_start));
            m_start = offset;
        }
        const std::size_t wanted = std::max(minBytes, kChunkBytes);
        while (m_buffer.size() < wanted && !m_atEnd) {
            const std::size_t before = m_buffer.size();
            m_buffer.resize(wanted);
            const long got = fill(m_start + before, m_buffer.data() + before, wanted - before);
            if (got < 0) {
                m_buffer.resize(before);
                // The bytes before the failure remain usable: report them as the end of the
                // stream, so that the reader says where the damage is.
                m_atEnd = true;
                break;
            }
            m_buffer.resize(before + static_cast<std::size_t>(got));
            if (got == 0) m_atEnd = true;
        }
        const bool reachesEnd = m_atEnd;
        return {SourceStatus::Ready, ByteWindow{m_buffer, m_start, reachesEnd}};
    }

    [[nodiscard]] const CaptureError& error() const override { return m_error; }

protected:
    // Reads up to `count` bytes of the stream at `offset` (always the position right after
    // the previous fill, or the offset given to reposition()). Returns bytes read, 0 at the
    // end, -1 on an error.
    virtual long fill(std::uint64_t offset, std::uint8_t* into, std::size_t count) = 0;
    // Prepares to fill from `offset`.
    virtual bool reposition(std::uint64_t offset) = 0;
    void resetEnd() { m_atEnd = false; }

private:
    SourceRead failed(std::string message) {
        m_failed = true;
        m_error = {CaptureErrorCode::SourceFailure, std::move(message), m_start};
        return {SourceStatus::Failed, {}};
    }

    std::vector<std::uint8_t> m_buffer;
    std::uint64_t m_start = 0;
    bool m_atEnd = false;
    bool m_failed = false;
    CaptureError m_error;
};

class PlainFileSource final : public BufferedSource {
public:
    PlainFileSource(int fd, std::uint64_t size) : m_fd(fd), m_size(size) {}
    ~PlainFileSource() override { ::close(m_fd); }

    [[nodiscard]] std::optional<std::uint64_t> size() const override { return m_size; }
    [[nodiscard]] double progress() const override {
        return m_size == 0 ? 1.0 : static_cast<double>(std::min(m_position, m_size)) / static_cast<double>(m_size);
    }

protected:
    long fill(std::uint64_t offset, std::uint8_t* into, std::size_t count) override {
        const ssize_t got = ::pread(m_fd, into, count, static_cast<off_t>(offset));
        if (got > 0) m_position = offset + static_cast<std::uint64_t>(got);
        return static_cast<long>(got);
    }
    bool reposition(std::uint64_t) override {
        // Past the end pread() simply reads nothing: the window is empty and reaches the end.
        resetEnd();
        return true;
    }

private:
    int m_fd;
    std::uint64_t m_size;
    std::uint64_t m_position = 0;
};

class GzipFileSource final : public BufferedSource {
public:
    GzipFileSource(gzFile file, std::uint64_t compressedSize) : m_file(file), m_compressedSize(compressedSize) {
        gzbuffer(m_file, 256 * 1024);
    }
    ~GzipFileSource() override { gzclose(m_file); }

    [[nodiscard]] std::optional<std::uint64_t> size() const override {
        return m_ended ? std::optional<std::uint64_t>(m_decompressedEnd) : std::nullopt;
    }
    [[nodiscard]] double progress() const override {
        if (m_compressedSize == 0) return 1.0;
        const double done = static_cast<double>(gzoffset(m_file)) / static_cast<double>(m_compressedSize);
        return std::clamp(done, 0.0, 1.0);
    }

protected:
    long fill(std::uint64_t offset, std::uint8_t* into, std::size_t count) override {
        const int want = static_cast<int>(std::min<std::size_t>(count, 1u << 30));
        const int got = gzread(m_file, into, static_cast<unsigned>(want));
        if (got < 0) return -1;
        if (got == 0) {
            // A truncated stream ends like a clean one but leaves an error behind; either
            // way the stream ends here (the reader reports a cut record, if any).
            m_ended = true;
            m_decompressedEnd = offset;
        }
        return got;
    }
    bool reposition(std::uint64_t offset) override {
        resetEnd();
        gzclearerr(m_file);
        return gzseek(m_file, static_cast<z_off_t>(offset), SEEK_SET) == static_cast<z_off_t>(offset);
    }

private:
    gzFile m_file;
    std::uint64_t m_compressedSize;
    bool m_ended = false;
    std::uint64_t m_decompressedEnd = 0;
};

bool startsWithGzipMagic(int fd) {
    std::uint8_t magic[2] = {0, 0};
    return ::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
}

}  // namespace

OpenedSource openFileSource(const std::string& path) {
    OpenedSource opened;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        opened.error = "cannot open " + path + ": " + std::strerror(errno);
        return opened;
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || S_ISDIR(info.st_mode)) {
        opened.error = "cannot read " + path + ": not a regular file";
        ::close(fd);
        return opened;
    }
    opened.fileSize = static_cast<std::uint64_t>(info.st_size);
    if (!startsWithGzipMagic(fd)) {
        opened.source = std::make_unique<PlainFileSource>(fd, opened.fileSize);
        return opened;
    }
    const int gzFd = ::dup(fd);
    ::close(fd);
    gzFile file = gzdopen(gzFd, "rb");
    if (file == nullptr) {
        ::close(gzFd);
        opened.error = "cannot read " + path + ": gzip stream could not be opened";
        return opened;
    }
    opened.gzip = true;
    opened.source = std::make_unique<GzipFileSource>(file, opened.fileSize);
    return opened;
}

}  // namespace caplens::cli
