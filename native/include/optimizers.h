// One optimizer step over a flat parameter buffer, as torch.optim defines it. Scalars that
// depend on the step count (bias corrections, Adagrad's decayed lr) come from TypeScript.
#pragma once

namespace hyperprop {

/** torch.optim.SGD; buf is unused when momentum == 0. */
void sgdStep(long n, float* p, const float* g, float* buf, float lr, float momentum, float dampening, bool nesterov,
             float weightDecay, bool firstStep);
/** torch.optim.RMSprop; buf is unused when momentum == 0, gradAvg unless centered. */
void rmspropStep(long n, float* p, const float* g, float* squareAvg, float* buf, float* gradAvg, float lr, float alpha,
                 float eps, float weightDecay, float momentum, bool centered);
/** torch.optim.Adam / AdamW (decoupledDecay = lr·weightDecay, else 0). */
void adamStep(long n, float* p, const float* g, float* m, float* v, float beta1, float beta2, float eps,
              float stepSize, float sqrtBiasCorrection2, float coupledWeightDecay, float decoupledDecay);
/** torch.optim.Adagrad with clr = lr / (1 + (step − 1)·lrDecay). */
void adagradStep(long n, float* p, const float* g, float* sum, float clr, float eps, float weightDecay);

}  // namespace hyperprop
