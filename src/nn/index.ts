/**
 * Neural-network layers for bilevel dataset distillation: NHWC, every op differentiable to
 * second order (and beyond) on the cpu, wasm and tensorflow backends, plus `…Fast`
 * first-order variants with the same values and first-order gradients.
 */
export { conv2d, conv2dFast } from './conv2d';
export { maxPool2x2, maxPool2x2Fast, avgPool2x2, avgPool2x2Fast } from './pool';
export { relu, safeExp } from './activations';
export { logSoftmax, softmax, softmaxCrossEntropy, softmaxCrossEntropyFast } from './softmax';
export { dense, flatten } from './dense';
export { xavierNormal } from './init';
export { detached } from './kernel';
