// torch.optim update rules, element by element in float32. d is the gradient after L2 weight
// decay; each kernel's comment is the rule it implements.
#include "optimizers.h"

#include <cmath>

#include "multiversion.h"

namespace hyperprop {

// SGD:  d = g + wd·p
//       if momentum ≠ 0: buf = firstStep ? d : momentum·buf + (1 − dampening)·d
//                        d = nesterov ? d + momentum·buf : buf
//       p = p − lr·d
KERNEL_CLONES void sgdStep(long n, float* p, const float* g, float* buf, float lr, float momentum, float dampening,
                           bool nesterov, float weightDecay, bool firstStep) {
  if (momentum == 0.0f) {
    for (long i = 0; i < n; ++i) {
      const float d = g[i] + weightDecay * p[i];
      p[i] -= lr * d;
    }
    return;
  }
  const float keep = 1.0f - dampening;
  for (long i = 0; i < n; ++i) {
    float d = g[i] + weightDecay * p[i];
    buf[i] = firstStep ? d : momentum * buf[i] + keep * d;
    d = nesterov ? d + momentum * buf[i] : buf[i];
    p[i] -= lr * d;
  }
}

// RMSprop:  d = g + wd·p
//           sq = alpha·sq + (1 − alpha)·d²
//           centered: gavg = alpha·gavg + (1 − alpha)·d;  avg = sqrt(sq − gavg²) + eps
//           else:     avg = sqrt(sq) + eps
//           momentum > 0: buf = momentum·buf + d/avg;  p = p − lr·buf
//           else:         p = p − lr·d/avg
KERNEL_CLONES void rmspropStep(long n, float* p, const float* g, float* squareAvg, float* buf, float* gradAvg, float lr,
                               float alpha, float eps, float weightDecay, float momentum, bool centered) {
  const float rest = 1.0f - alpha;
  for (long i = 0; i < n; ++i) {
    const float d = g[i] + weightDecay * p[i];
    const float sq = alpha * squareAvg[i] + rest * d * d;
    squareAvg[i] = sq;
    float avg;
    if (centered) {
      const float ga = alpha * gradAvg[i] + rest * d;
      gradAvg[i] = ga;
      avg = std::sqrt(sq - ga * ga) + eps;
    } else {
      avg = std::sqrt(sq) + eps;
    }
    if (momentum > 0.0f) {
      buf[i] = momentum * buf[i] + d / avg;
      p[i] -= lr * buf[i];
    } else {
      p[i] -= lr * (d / avg);
    }
  }
}

// Adam / AdamW:  decoupledDecay ≠ 0 (AdamW): p = p·(1 − decoupledDecay)
//                d = g + coupledWd·p
//                m = b1·m + (1 − b1)·d;  v = b2·v + (1 − b2)·d²
//                p = p − stepSize·m / (sqrt(v)/sqrtBc2 + eps)
//                with stepSize = lr/(1 − b1^t), sqrtBc2 = sqrt(1 − b2^t) from TypeScript.
KERNEL_CLONES void adamStep(long n, float* p, const float* g, float* m, float* v, float beta1, float beta2, float eps,
                            float stepSize, float sqrtBiasCorrection2, float coupledWeightDecay,
                            float decoupledDecay) {
  const float keep = 1.0f - decoupledDecay;
  const float rest1 = 1.0f - beta1;
  const float rest2 = 1.0f - beta2;
  for (long i = 0; i < n; ++i) {
    float pi = p[i];
    if (decoupledDecay != 0.0f) pi *= keep;
    const float d = g[i] + coupledWeightDecay * pi;
    const float mi = beta1 * m[i] + rest1 * d;
    const float vi = beta2 * v[i] + rest2 * d * d;
    m[i] = mi;
    v[i] = vi;
    p[i] = pi - stepSize * mi / (std::sqrt(vi) / sqrtBiasCorrection2 + eps);
  }
}

// Adagrad:  d = g + wd·p;  sum = sum + d²;  p = p − clr·d/(sqrt(sum) + eps)
//           with clr = lr/(1 + (t − 1)·lrDecay) from TypeScript.
KERNEL_CLONES void adagradStep(long n, float* p, const float* g, float* sum, float clr, float eps, float weightDecay) {
  for (long i = 0; i < n; ++i) {
    const float d = g[i] + weightDecay * p[i];
    const float s = sum[i] + d * d;
    sum[i] = s;
    p[i] -= clr * d / (std::sqrt(s) + eps);
  }
}

}  // namespace hyperprop
