#include "StateCodec.h"
#include "ModelLoader.h"
#include "PluginProcessor.h"
#include <cmath>
#include <string_view>

namespace waveamp::plugin {

namespace {

constexpr const char* kRootTag = "WaveAmpState";
constexpr int kMaxIrSamples = 768000 * 10;

// JUCE 7.0.5's XmlDocument parses each nested element by recursion (two stack frames per
// level), so a state of a few hundred thousand nested tags overflows the stack (found by fuzzing
// setStateInformation). Every level of that recursion starts at a '<' of the text, so the
// number of '<' bounds the depth whatever the quoting, comments or errors. The only other way
// to make elements is an entity from a DTD, which JUCE can also expand recursively; a saved
// state has no DTD, so any "<!" that is not a comment or CDATA is refused. WaveAmp's own states
// hold about 20 elements (two '<' each, a model's text has its '<' escaped).
constexpr int kMaxStateTags = 2048;

bool tagsWithinLimit(const char* text, int length)
{
    int tags = 0;
    for (int i = 0; i < length; ++i) {
        if (text[i] != '<') continue;
        if (++tags > kMaxStateTags) return false;
        const auto rest = std::string_view(text + i, static_cast<size_t>(length - i));
        if (rest.size() >= 2 && rest[1] == '!' && rest.substr(0, 4) != "<!--" && rest.substr(0, 9) != "<![CDATA[")
            return false;
    }
    return true;
}

// AudioProcessor::getXmlFromBinary, refusing first text that is not valid UTF-8 (JUCE 7.0.5's
// XML parser steps over a UTF-8 lead byte's continuation bytes without looking at them, so a
// lead byte just before the end walks past the terminator and reads beyond the buffer; found
// by fuzzing, tests/fuzz/regressions/state_restore/utf8_lead_byte_at_end) and text nested
// deeper than its parser's recursion can take (tagsWithinLimit).
std::unique_ptr<juce::XmlElement> xmlFromStateBlob(const void* data, int size)
{
    constexpr int header = 8;  // copyXmlToBinary: magic number, then the text's byte count
    if (data == nullptr || size <= header) return nullptr;
    const auto* bytes = static_cast<const char*>(data);
    const int declared = static_cast<int>(juce::ByteOrder::littleEndianInt(bytes + 4));
    const int length = juce::jmin(size - header, declared);
    if (length <= 0 || !juce::CharPointer_UTF8::isValidString(bytes + header, length)) return nullptr;
    if (!tagsWithinLimit(bytes + header, length)) return nullptr;
    return juce::AudioProcessor::getXmlFromBinary(data, size);
}

void resetParametersToDefaults(WaveAmpProcessor& p)
{
    for (const auto& id : params::all())
        if (auto* param = p.apvts.getParameter(id.getParamID()))
            param->setValueNotifyingHost(param->getDefaultValue());
}

void restoreParameters(WaveAmpProcessor& p, const juce::XmlElement* xml)
{
    for (const auto& id : params::all()) {
        auto* param = p.apvts.getParameter(id.getParamID());
        if (param == nullptr) continue;
        float normalised = param->getDefaultValue();
        if (xml != nullptr) {
            for (auto* child : xml->getChildWithTagNameIterator("Param")) {
                if (child->getStringAttribute("id") != id.getParamID()) continue;
                const double value = child->getDoubleAttribute("value", std::nan(""));
                if (std::isfinite(value)) {
                    const auto& range = p.apvts.getParameterRange(id.getParamID());
                    const float clamped = juce::jlimit(range.start, range.end, static_cast<float>(value));
                    normalised = range.convertTo0to1(clamped);
                }
                break;
            }
        }
        param->setValueNotifyingHost(normalised);
    }
}

} // namespace

bool StateCodec::migrate(juce::XmlElement& state)
{
    int version = state.getIntAttribute("formatVersion", 0);
    if (version < 1) return false;
    // Steps from each old version to the next go here, in order, e.g.
    //   if (version == 1) { /* rename or rescale what changed in version 2 */ version = 2; }
    // A state from a newer WaveAmp (version > kFormatVersion) is read best-effort: unknown
    // elements are ignored and missing ones take their defaults.
    state.setAttribute("formatVersion", std::min(version, kFormatVersion));
    return true;
}

void StateCodec::save(WaveAmpProcessor& p, juce::MemoryBlock& dest)
{
    juce::XmlElement root(kRootTag);
    root.setAttribute("formatVersion", kFormatVersion);
    root.setAttribute("pluginVersion", JucePlugin_VersionString);

    auto* paramsXml = root.createNewChildElement("Parameters");
    for (const auto& id : params::all()) {
        auto* value = p.apvts.getRawParameterValue(id.getParamID());
        auto* e = paramsXml->createNewChildElement("Param");
        e->setAttribute("id", id.getParamID());
        e->setAttribute("value", static_cast<double>(value->load()));
    }

    const ModelSource model = p.currentModelSource();
    auto* modelXml = root.createNewChildElement("Model");
    modelXml->setAttribute("name", model.name);
    modelXml->setAttribute("path", model.path);
    modelXml->setAttribute("default", model.isDefault ? 1 : 0);
    modelXml->addTextElement(juce::String::fromUTF8(model.text.data(), static_cast<int>(model.text.size())));

    {
        std::lock_guard<std::mutex> lock(p.statusMutex_);
        if (p.status_.irLoaded && p.irSamples_.getNumSamples() > 0) {
            auto* ir = root.createNewChildElement("ImpulseResponse");
            ir->setAttribute("name", p.status_.irName);
            ir->setAttribute("path", p.irPath_);
            ir->setAttribute("sampleRate", p.irSampleRate_);
            ir->setAttribute("channels", p.irSamples_.getNumChannels());
            ir->setAttribute("samples", p.irSamples_.getNumSamples());
            juce::MemoryOutputStream data;
            for (int c = 0; c < p.irSamples_.getNumChannels(); ++c)
                for (int i = 0; i < p.irSamples_.getNumSamples(); ++i)
                    data.writeFloat(p.irSamples_.getSample(c, i));  // little-endian
            ir->addTextElement(data.getMemoryBlock().toBase64Encoding());
        }
    }
    juce::AudioProcessor::copyXmlToBinary(root, dest);
}

void StateCodec::restore(WaveAmpProcessor& p, const void* data, int size)
{
    const std::unique_ptr<juce::XmlElement> xml = xmlFromStateBlob(data, size);

    juce::StringArray problems;
    if (xml == nullptr || !xml->hasTagName(kRootTag) || !migrate(*xml)) {
        resetParametersToDefaults(p);
        p.loadDefaultModel();
        p.clearImpulseResponse();
        p.enqueue([&p] { p.reportModelError({}, "the saved state could not be read; defaults loaded"); });
        return;
    }

    restoreParameters(p, xml->getChildByName("Parameters"));

    // The model: its embedded text first, then its path, then the default model.
    ModelSource source;
    bool haveModel = false;
    if (auto* m = xml->getChildByName("Model")) {
        source.name = m->getStringAttribute("name", "saved model");
        source.path = m->getStringAttribute("path");
        source.isDefault = m->getIntAttribute("default", 0) != 0;
        source.text = m->getAllSubText().toStdString();
        if (!source.text.empty()) {
            try {
                ModelLoader::loadString(source.text, source.name.toStdString());
                haveModel = true;
            } catch (const std::exception& e) {
                problems.add("saved model unusable (" + juce::String(e.what()) + ")");
            }
        }
        if (!haveModel && source.path.isNotEmpty() && juce::File::isAbsolutePath(source.path)
            && juce::File(source.path).existsAsFile()) {
            p.loadModelFile(juce::File(source.path));
            haveModel = true;
            source.text.clear();
        } else if (!haveModel && !source.isDefault) {
            problems.add("model \"" + source.name + "\" missing; default model loaded");
        }
    }
    if (haveModel && !source.text.empty() && source.text == p.currentModelSource().text) {
        // The model already playing (the common case): no reload, no crossfade.
        std::lock_guard<std::mutex> lock(p.configMutex_);
        p.latestSource_.name = source.name;
        p.latestSource_.path = source.path;
        p.latestSource_.isDefault = source.isDefault;
        std::lock_guard<std::mutex> statusLock(p.statusMutex_);
        p.status_.modelName = source.name;
        p.status_.modelError = {};
    } else if (haveModel && !source.text.empty()) {
        {
            std::lock_guard<std::mutex> lock(p.configMutex_);
            p.latestSource_ = source;  // so that saving right away returns what was restored
        }
        p.loadModel(source);
    } else if (!haveModel) {
        p.loadDefaultModel();
    }

    // The impulse response: embedded samples, then the path, else a clear "missing IR".
    bool haveIr = false;
    if (auto* ir = xml->getChildByName("ImpulseResponse")) {
        const auto name = ir->getStringAttribute("name", "saved IR");
        const auto path = ir->getStringAttribute("path");
        const double rate = ir->getDoubleAttribute("sampleRate", 0.0);
        const int channels = ir->getIntAttribute("channels", 0);
        const int samples = ir->getIntAttribute("samples", 0);
        juce::MemoryBlock bytes;
        const bool decoded = bytes.fromBase64Encoding(ir->getAllSubText().trim());
        if (decoded && channels >= 1 && channels <= 2 && samples >= 1 && samples <= kMaxIrSamples
            && rate >= 8000.0 && rate <= 768000.0
            && bytes.getSize() == static_cast<size_t>(channels) * static_cast<size_t>(samples) * sizeof(float)) {
            juce::AudioBuffer<float> buffer(channels, samples);
            juce::MemoryInputStream in(bytes, false);
            for (int c = 0; c < channels; ++c)
                for (int i = 0; i < samples; ++i) buffer.setSample(c, i, in.readFloat());
            p.loadImpulseResponse(std::move(buffer), rate, name, path);
            haveIr = true;
        } else if (path.isNotEmpty() && juce::File::isAbsolutePath(path) && juce::File(path).existsAsFile()) {
            p.loadImpulseResponseFile(juce::File(path));
            haveIr = true;
        } else {
            problems.add("missing IR \"" + name + "\"");
        }
    }
    if (!haveIr) {
        p.clearImpulseResponse();
        if (problems.size() > 0 && problems[problems.size() - 1].startsWith("missing IR")) {
            const auto msg = problems[problems.size() - 1];
            p.enqueue([&p, msg] {
                {
                    std::lock_guard<std::mutex> lock(p.statusMutex_);
                    p.status_.irError = msg;
                }
                p.bumpStatus();
            });
            problems.remove(problems.size() - 1);
        }
    }
    if (problems.size() > 0) {
        const auto msg = problems.joinIntoString("; ");
        p.enqueue([&p, msg] { p.reportModelError({}, msg); });
    }
}

juce::String StateCodec::lastRestoreMessage(WaveAmpProcessor& p)
{
    return p.getStatus().modelError;
}

} // namespace waveamp::plugin
