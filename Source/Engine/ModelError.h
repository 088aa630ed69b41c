#pragma once
// Typed errors for everything that can go wrong while turning bytes into a playable model.
// Loading happens off the audio thread, so exceptions are fine there; the audio path never throws.
#include <stdexcept>
#include <string>

namespace waveamp {

enum class ModelErrorKind {
    Io,             // the file could not be read
    Syntax,         // not valid JSON (message carries line/column)
    MissingField,   // a required key is absent
    WrongType,      // a key has the wrong JSON type or an unusable value
    WeightCount,    // a tensor or the flat weight array has the wrong number of values
    NonFinite,      // NaN or Inf among the weights
    LimitExceeded,  // sizes that would exhaust memory or CPU (see Limits.h)
    Unsupported,    // a recognised but not (yet) supported architecture or option
    UnknownFormat   // neither WaveNetVA JSON nor .nam nor anything we recognise
};

const char* toString(ModelErrorKind kind) noexcept;

class ModelError : public std::runtime_error {
public:
    ModelError(ModelErrorKind kind, const std::string& message)
        : std::runtime_error(message), kind_(kind) {}
    ModelErrorKind kind() const noexcept { return kind_; }

private:
    ModelErrorKind kind_;
};

} // namespace waveamp
