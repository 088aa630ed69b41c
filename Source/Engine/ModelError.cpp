#include "ModelError.h"

namespace waveamp {

const char* toString(ModelErrorKind kind) noexcept
{
    switch (kind) {
    case ModelErrorKind::Io: return "file error";
    case ModelErrorKind::Syntax: return "invalid JSON";
    case ModelErrorKind::MissingField: return "missing field";
    case ModelErrorKind::WrongType: return "wrong type";
    case ModelErrorKind::WeightCount: return "wrong number of weights";
    case ModelErrorKind::NonFinite: return "non-finite weight";
    case ModelErrorKind::LimitExceeded: return "model too large";
    case ModelErrorKind::Unsupported: return "not supported yet";
    case ModelErrorKind::UnknownFormat: return "unknown model format";
    }
    return "model error";
}

} // namespace waveamp
