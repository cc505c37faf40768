// corpus.hpp — where the golden tests find the shared capture corpus and tshark's reference
// outputs (CAPLENS_SHARED_DIR, ../shared by default), and small helpers to read them.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace caplens::golden {

inline std::filesystem::path sharedDir() { return std::filesystem::path(CAPLENS_SHARED_DIR); }
inline std::filesystem::path publicDir() { return sharedDir() / "captures" / "public"; }
inline std::filesystem::path referenceDir(const std::string& capture) {
    return sharedDir() / "captures" / "reference" / capture;
}
inline bool corpusAvailable() { return std::filesystem::is_directory(publicDir()); }

// Captures in the public corpus that have a reference file `name`, sorted.
inline std::vector<std::string> capturesWith(const std::string& name) {
    std::vector<std::string> out;
    if (!corpusAvailable()) return out;
    for (const auto& entry : std::filesystem::directory_iterator(publicDir())) {
        const std::string file = entry.path().filename().string();
        if (file == "MANIFEST.tsv") continue;
        if (std::filesystem::exists(referenceDir(file) / name)) out.push_back(file);
    }
    std::sort(out.begin(), out.end());
    return out;
}

inline std::vector<std::string> splitTabs(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, '\t')) out.push_back(cell);
    if (!line.empty() && line.back() == '\t') out.emplace_back();
    return out;
}

// A TSV file with a header row, as rows of column -> value.
inline std::vector<std::map<std::string, std::string>> readTsv(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::string line;
    std::vector<std::map<std::string, std::string>> rows;
    if (!std::getline(in, line)) return rows;
    const auto header = splitTabs(line);
    while (std::getline(in, line)) {
        const auto cells = splitTabs(line);
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = i < cells.size() ? cells[i] : "";
        rows.push_back(std::move(row));
    }
    return rows;
}

inline std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace caplens::golden
