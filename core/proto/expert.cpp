#include "core/proto/expert.hpp"

namespace caplens::proto {

std::string_view expertSeverityName(ExpertSeverity severity) {
    switch (severity) {
        case ExpertSeverity::Comment: return "Comment";
        case ExpertSeverity::Chat: return "Chat";
        case ExpertSeverity::Note: return "Note";
        case ExpertSeverity::Warning: return "Warning";
        case ExpertSeverity::Error: return "Error";
    }
    return "Unknown";
}

std::string_view expertGroupName(ExpertGroup group) {
    switch (group) {
        case ExpertGroup::Checksum: return "Checksum";
        case ExpertGroup::Sequence: return "Sequence";
        case ExpertGroup::ResponseCode: return "Response code";
        case ExpertGroup::RequestCode: return "Request code";
        case ExpertGroup::Undecoded: return "Undecoded";
        case ExpertGroup::Reassemble: return "Reassemble";
        case ExpertGroup::Malformed: return "Malformed";
        case ExpertGroup::Debug: return "Debug";
        case ExpertGroup::Protocol: return "Protocol";
        case ExpertGroup::Security: return "Security";
        case ExpertGroup::CommentsGroup: return "Comment";
        case ExpertGroup::Decryption: return "Decryption";
        case ExpertGroup::Assumption: return "Assumption";
        case ExpertGroup::Deprecated: return "Deprecated";
    }
    return "Unknown";
}

}  // namespace caplens::proto
