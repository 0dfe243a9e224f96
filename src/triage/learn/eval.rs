//! How well the learned model does on decisions it was not trained on
//! (`siaga triage eval`): precision and recall per priority and category.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Example, Head, Model};
use crate::model::Priority;

/// Precision and recall of one class on held-out decisions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassScore {
    pub class: String,
    /// Held-out decisions of this class.
    pub support: usize,
    /// Of those the model gave this class, how many were right (`None`
    /// when it never gave it).
    pub precision: Option<f32>,
    /// Of this class's decisions, how many the model found.
    pub recall: Option<f32>,
}

/// How well the model does on decisions it was not trained on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub trained_on: usize,
    pub held_out: usize,
    pub priority: Vec<ClassScore>,
    pub category: Vec<ClassScore>,
}

impl Model {
    /// Score this model on `held_out` decisions.
    pub fn evaluate(&self, held_out: &[Example], abbrev: &BTreeMap<String, String>) -> Evaluation {
        let mut priority = Vec::new();
        let mut category = Vec::new();
        for e in held_out {
            let ids = self.ids(&e.text, abbrev);
            let given = Priority::ALL[self.priority.best(&ids).0];
            priority.push((e.priority.to_string(), given.to_string()));
            if let Some(truth) = &e.category {
                let given = self.category.best_class(&ids).unwrap_or_default();
                category.push((truth.clone(), given));
            }
        }
        let priorities: Vec<String> = Priority::ALL.iter().map(|p| p.to_string()).collect();
        Evaluation {
            trained_on: self.examples,
            held_out: held_out.len(),
            priority: scores(&priorities, &priority),
            category: scores(&self.category.classes, &category),
        }
    }
}

impl Head {
    fn best_class(&self, ids: &[u32]) -> Option<String> {
        (!self.classes.is_empty()).then(|| self.classes[self.best(ids).0].clone())
    }
}

/// Per class: precision and recall of (truth, given) pairs.
fn scores(classes: &[String], pairs: &[(String, String)]) -> Vec<ClassScore> {
    classes
        .iter()
        .map(|class| {
            let given = pairs.iter().filter(|(_, g)| g == class).count();
            let support = pairs.iter().filter(|(t, _)| t == class).count();
            let right = pairs
                .iter()
                .filter(|(t, g)| t == class && g == class)
                .count();
            let ratio = |n: usize, d: usize| (d > 0).then(|| n as f32 / d as f32);
            ClassScore {
                class: class.clone(),
                support,
                precision: ratio(right, given),
                recall: ratio(right, support),
            }
        })
        .collect()
}
