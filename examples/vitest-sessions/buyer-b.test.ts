import { buyerScenario } from './buyer-scenario.js';

// Three files run this same story at the same time, each in its own session.
buyerScenario();
