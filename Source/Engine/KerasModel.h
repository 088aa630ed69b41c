#pragma once
// A Keras-style sequential model (AIDA-X .json/.aidax, RTNeural): layers run in order over
// each block, the first fed the mono input (times in_gain), the last giving the mono output;
// in_skip adds the (gained) input to the network's output, and out_gain scales the sum
// (AIDA-X's order). Recurrent layers start from zero state, as Keras and RTNeural do.
#include "Model.h"
#include "SequenceLayer.h"
#include <Eigen/Core>
#include <memory>
#include <vector>

namespace waveamp {

class KerasModel final : public Model {
public:
    struct Gains {
        float input = 1.0f, output = 1.0f;  // linear (the file stores dB)
        bool inputSkip = false;
    };
    KerasModel(std::vector<std::unique_ptr<SequenceLayer>> layers, Gains gains, ModelInfo info);

    int receptiveField() const noexcept override;
    const ModelInfo& info() const noexcept override { return info_; }

protected:
    void prepareModel(int maxBlockSize) override;
    void resetModel() noexcept override;
    void processChunk(const float* in, float* out, int n) noexcept override;
    bool settledOnSilence() const noexcept override;

private:
    std::vector<std::unique_ptr<SequenceLayer>> layers_;
    std::vector<Eigen::MatrixXf> buffers_;  // features x maxBlock, the output of each layer
    Eigen::RowVectorXf input_;              // gained input block
    Gains gains_;
    bool recurrent_ = false;
    int lookback_ = 0;                      // all convolutions' lookbacks
    ModelInfo info_;
};

} // namespace waveamp
